package io.devicetrail.web;

import io.devicetrail.web.http.HttpProblem;

/** An expected refusal of a page with a status and a message for the user: no stack trace. */
public final class PageException extends HttpProblem {

  public PageException(int status, String heading, String message) {
    super(status, heading, message);
  }

  public String heading() {
    return title();
  }
}
