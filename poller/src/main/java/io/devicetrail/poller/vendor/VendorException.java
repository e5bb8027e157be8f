package io.devicetrail.poller.vendor;

/** A vendor API call that failed for good (after any retries). Messages never carry the token. */
public class VendorException extends Exception {
  public VendorException(String message) {
    super(message);
  }

  public VendorException(String message, Throwable cause) {
    super(message, cause);
  }
}
