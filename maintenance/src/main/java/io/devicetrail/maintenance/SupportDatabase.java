package io.devicetrail.maintenance;

import io.devicetrail.connectors.postgres.PostgresPassword;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Locale;
import java.util.Objects;
import java.util.Properties;

/**
 * The support database (PostgreSQL, CONTRACT §4) as the maintenance commands reach it; {@link
 * #toString()} shows no secret.
 */
public record SupportDatabase(String url, String user, PostgresPassword password) {

  public SupportDatabase {
    Objects.requireNonNull(url, "url cannot be null");
    Objects.requireNonNull(user, "user cannot be null");
    Objects.requireNonNull(password, "password cannot be null (use PostgresPassword.none())");
    if (!url.startsWith("jdbc:postgresql:")) {
      throw new IllegalArgumentException(
          "The support database URL must start with jdbc:postgresql: but was " + redactedUrl(url));
    }
    int parameters = url.indexOf('?');
    if (parameters >= 0
        && url.substring(parameters).toLowerCase(Locale.ROOT).matches(".*[?&]password=.*")) {
      throw new IllegalArgumentException(
          "The support database URL must not carry a password; use --support-password-file");
    }
  }

  /** Opens a connection with pgjdbc itself (DriverManager may miss a shaded jar's driver). */
  public Connection open(String applicationName) throws SQLException {
    Properties properties = new Properties();
    properties.setProperty("user", user);
    String secret = password.resolve();
    if (secret != null) {
      properties.setProperty("password", secret);
    }
    properties.setProperty("ApplicationName", applicationName);
    Connection c = new org.postgresql.Driver().connect(url, properties);
    if (c == null) {
      throw new SQLException("pgjdbc does not accept " + redactedUrl(), "08001");
    }
    return c;
  }

  public String redactedUrl() {
    return redactedUrl(url);
  }

  private static String redactedUrl(String url) {
    int parameters = url.indexOf('?');
    return parameters < 0 ? url : url.substring(0, parameters);
  }

  @Override
  public String toString() {
    return "SupportDatabase[" + redactedUrl() + ", user=" + user + ", password=" + password + "]";
  }
}
