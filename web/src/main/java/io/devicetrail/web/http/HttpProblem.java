package io.devicetrail.web.http;

import java.util.OptionalLong;

/**
 * An expected refusal: a status, a short title and a message for the user, never a stack trace.
 * Pages show it as a page, the API as {@code application/problem+json} (RFC 9457).
 */
public class HttpProblem extends RuntimeException {

  private final int status;
  private final String title;
  private final String parameter;
  private final OptionalLong retryAfterSeconds;

  public HttpProblem(int status, String title, String detail) {
    this(status, title, detail, null, OptionalLong.empty());
  }

  public HttpProblem(
      int status, String title, String detail, String parameter, OptionalLong retryAfterSeconds) {
    super(detail, null, false, false);
    this.status = status;
    this.title = title;
    this.parameter = parameter;
    this.retryAfterSeconds = retryAfterSeconds;
  }

  /** A 400 about one query parameter. */
  public static HttpProblem badParameter(String parameter, String detail) {
    return new HttpProblem(400, "Bad parameter", detail, parameter, OptionalLong.empty());
  }

  public static HttpProblem tooManyRequests(long retryAfterSeconds) {
    return new HttpProblem(
        429,
        "Too many requests",
        "Too many requests: try again in " + retryAfterSeconds + " s.",
        null,
        OptionalLong.of(retryAfterSeconds));
  }

  public int status() {
    return status;
  }

  public String title() {
    return title;
  }

  /** The query parameter at fault, or null. */
  public String parameter() {
    return parameter;
  }

  public OptionalLong retryAfterSeconds() {
    return retryAfterSeconds;
  }
}
