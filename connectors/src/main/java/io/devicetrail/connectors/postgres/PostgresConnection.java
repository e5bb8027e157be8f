package io.devicetrail.connectors.postgres;

import java.io.Serializable;
import java.util.Locale;
import java.util.Objects;

/**
 * How to reach a PostgreSQL database: URL, user and where the password comes from. Immutable and
 * serializable, so it can travel with a Flink job; {@link #toString()} shows no secret.
 *
 * <pre>{@code
 * PostgresConnection support =
 *     PostgresConnection.of(
 *         "jdbc:postgresql://db:5432/support",
 *         "devicetrail",
 *         PostgresPassword.fromFile(Path.of("/run/secrets/support-password")));
 * }</pre>
 */
public final class PostgresConnection implements Serializable {

  private static final long serialVersionUID = 1L;

  private final String url;
  private final String user;
  private final PostgresPassword password;

  private PostgresConnection(String url, String user, PostgresPassword password) {
    this.url = url;
    this.user = user;
    this.password = password;
  }

  /**
   * @param url a {@code jdbc:postgresql:} URL; it must not carry the password
   * @param user the database user
   * @param password where the password comes from
   */
  public static PostgresConnection of(String url, String user, PostgresPassword password) {
    Objects.requireNonNull(url, "url cannot be null");
    Objects.requireNonNull(user, "user cannot be null");
    Objects.requireNonNull(password, "password cannot be null (use PostgresPassword.none())");
    if (!url.startsWith("jdbc:postgresql:")) {
      throw new IllegalArgumentException(
          "url must start with jdbc:postgresql: but was " + redacted(url));
    }
    if (carriesPassword(url)) {
      throw new IllegalArgumentException(
          "url must not carry a password parameter; pass it as a PostgresPassword");
    }
    return new PostgresConnection(url, user, password);
  }

  public String url() {
    return url;
  }

  public String user() {
    return user;
  }

  public PostgresPassword password() {
    return password;
  }

  /** The URL without its parameters, for logs. */
  public String redactedUrl() {
    return redacted(url);
  }

  private static String redacted(String url) {
    int query = url.indexOf('?');
    return query < 0 ? url : url.substring(0, query);
  }

  private static boolean carriesPassword(String url) {
    int query = url.indexOf('?');
    if (query < 0) {
      return false;
    }
    for (String param : url.substring(query + 1).split("&")) {
      if (param.toLowerCase(Locale.ROOT).startsWith("password=")) {
        return true;
      }
    }
    return false;
  }

  @Override
  public String toString() {
    return "PostgresConnection[url="
        + redactedUrl()
        + ", user="
        + user
        + ", password="
        + password
        + "]";
  }
}
