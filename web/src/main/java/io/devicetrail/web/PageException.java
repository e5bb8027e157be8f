package io.devicetrail.web;

/** An expected refusal with a status and a message for the user: no stack trace, no log noise. */
public final class PageException extends RuntimeException {

  private final int status;
  private final String heading;

  public PageException(int status, String heading, String message) {
    super(message, null, false, false);
    this.status = status;
    this.heading = heading;
  }

  public int status() {
    return status;
  }

  public String heading() {
    return heading;
  }
}
