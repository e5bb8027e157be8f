package io.devicetrail.web.http;

import org.eclipse.jetty.http.HttpFields;

/**
 * The headers every answer carries, redirects and Jetty's own error answers included: no framing,
 * no base URL other than none, no referrer, no sniffing, no caching of anyone's data.
 */
public final class SecurityHeaders {

  public static final String CONTENT_SECURITY_POLICY =
      "default-src 'none'; style-src 'unsafe-inline'; img-src 'self'; form-action 'self';"
          + " frame-ancestors 'none'; base-uri 'none'";

  private SecurityHeaders() {}

  public static void apply(HttpFields.Mutable headers) {
    headers.put("Content-Security-Policy", CONTENT_SECURITY_POLICY);
    // same-origin: other sites get no referrer; this site gets its Origin on form posts
    // (with no-referrer, browsers send "Origin: null" and the sign-in check could not tell).
    headers.put("Referrer-Policy", "same-origin");
    headers.put("X-Content-Type-Options", "nosniff");
    headers.put("X-Frame-Options", "DENY");
    headers.put("Cache-Control", "no-store");
  }
}
