package io.devicetrail.web.http;

import java.net.URLDecoder;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.eclipse.jetty.http.HttpCookie;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.FormFields;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.Fields;

/** One request and its answer, over Jetty's core API: the few things the routes need. */
public final class Exchange {

  private final Request request;
  private final Response response;
  private final Callback callback;
  private boolean answered;

  public Exchange(Request request, Response response, Callback callback) {
    this.request = request;
    this.response = response;
    this.callback = callback;
  }

  public String method() {
    return request.getMethod();
  }

  /** The path as sent, still percent-encoded. */
  public String rawPath() {
    String path = request.getHttpURI().getPath();
    return path == null ? "/" : path;
  }

  public String rawQuery() {
    return request.getHttpURI().getQuery();
  }

  public String header(String name) {
    return request.getHeaders().get(name);
  }

  public boolean isSecure() {
    return request.isSecure();
  }

  /** The client's address (from the forwarding headers when they are trusted). */
  public String clientAddress() {
    return Request.getRemoteAddr(request);
  }

  /** The scheme this request was addressed with (the proxy's, when forwarding is trusted). */
  public String scheme() {
    String scheme = request.getHttpURI().getScheme();
    return scheme == null ? (isSecure() ? "https" : "http") : scheme;
  }

  public String serverName() {
    return Request.getServerName(request);
  }

  public int serverPort() {
    return Request.getServerPort(request);
  }

  /** Query parameters, the first value of each; a malformed encoding is a bad request. */
  public Map<String, String> query() {
    return parse(rawQuery());
  }

  /** The form fields of a POST, at most {@code maxLength} bytes. */
  public Map<String, String> form(int maxLength) {
    Fields fields;
    try {
      fields = FormFields.getFields(request, 16, maxLength);
    } catch (RuntimeException e) {
      throw new HttpProblem(400, "Bad form", "The form could not be read.");
    }
    Map<String, String> out = new HashMap<>();
    for (Fields.Field f : fields) {
      out.putIfAbsent(f.getName(), f.getValue());
    }
    return out;
  }

  /**
   * Reads and drops the request body (bounded by the server's size limit): answering without it
   * would make Jetty close a connection the client may reuse.
   */
  public void discardBody() {
    try {
      org.eclipse.jetty.io.Content.Source.consumeAll(request);
    } catch (Exception e) {
      throw new HttpProblem(400, "Bad request", "The request body could not be read.");
    }
  }

  public Optional<String> cookie(String name) {
    List<HttpCookie> cookies = Request.getCookies(request);
    for (HttpCookie c : cookies) {
      if (c.getName().equals(name)) {
        return Optional.ofNullable(c.getValue());
      }
    }
    return Optional.empty();
  }

  public void addCookie(HttpCookie cookie) {
    Response.addCookie(response, cookie);
  }

  public void header(String name, String value) {
    response.getHeaders().put(name, value);
  }

  public boolean answered() {
    return answered;
  }

  public void send(int status, String contentType, byte[] body) {
    answered = true;
    response.setStatus(status);
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, contentType);
    response.getHeaders().put(HttpHeader.CONTENT_LENGTH, body.length);
    if (method().equals("HEAD")) {
      response.write(true, null, callback);
    } else {
      response.write(true, ByteBuffer.wrap(body), callback);
    }
  }

  public void send(int status, String contentType, String body) {
    send(status, contentType, body.getBytes(StandardCharsets.UTF_8));
  }

  /** 303 See Other to a path on this site. */
  public void redirect(String location) {
    answered = true;
    response.setStatus(303);
    response.getHeaders().put(HttpHeader.LOCATION, location);
    response.getHeaders().put(HttpHeader.CONTENT_LENGTH, 0);
    response.write(true, null, callback);
  }

  public static Map<String, String> parse(String rawQuery) {
    Map<String, String> params = new HashMap<>();
    if (rawQuery == null || rawQuery.isEmpty()) {
      return params;
    }
    for (String pair : rawQuery.split("&")) {
      if (pair.isEmpty()) {
        continue;
      }
      int eq = pair.indexOf('=');
      String key = decode(eq < 0 ? pair : pair.substring(0, eq));
      String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
      params.putIfAbsent(key, value);
    }
    return params;
  }

  public static String decode(String s) {
    try {
      return URLDecoder.decode(s, StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      throw new HttpProblem(400, "Malformed address", "The address is not properly encoded.");
    }
  }
}
