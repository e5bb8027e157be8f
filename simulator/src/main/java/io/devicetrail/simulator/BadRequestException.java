package io.devicetrail.simulator;

/** A request the API refuses with 400; the message goes to the client. */
final class BadRequestException extends RuntimeException {

  BadRequestException(String message) {
    super(message, null, false, false);
  }
}
