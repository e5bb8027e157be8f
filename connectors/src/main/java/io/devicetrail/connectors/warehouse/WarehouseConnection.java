package io.devicetrail.connectors.warehouse;

import io.devicetrail.connectors.postgres.PostgresPassword;
import java.io.Serializable;
import java.sql.Connection;
import java.sql.Driver;
import java.sql.SQLException;
import java.util.Locale;
import java.util.Objects;
import java.util.Properties;

/**
 * How to reach the warehouse: JDBC driver class, URL, user, and where the password comes from.
 * Driver and URL are configuration: Redshift's own driver in production, pgjdbc against the local
 * stand-in (redshift-jdbc42 cannot talk to PostgreSQL). Immutable and serializable, so it travels
 * with a Flink job; the password is resolved only when a connection opens, on the task manager, and
 * {@link #toString()} shows no secret.
 *
 * <pre>{@code
 * WarehouseConnection warehouse =
 *     WarehouseConnection.redshift(
 *         "jdbc:redshift://analytics.abc123.eu-west-1.redshift.amazonaws.com:5439/dev",
 *         "devicetrail_loader",
 *         PostgresPassword.fromFile(Path.of("/run/secrets/warehouse-password")));
 * }</pre>
 */
public final class WarehouseConnection implements Serializable {

  private static final long serialVersionUID = 1L;

  /** The Amazon Redshift JDBC 4.2 driver (com.amazon.redshift:redshift-jdbc42). */
  public static final String REDSHIFT_DRIVER = "com.amazon.redshift.jdbc42.Driver";

  /** pgjdbc, for the PostgreSQL stand-in. */
  public static final String POSTGRES_DRIVER = "org.postgresql.Driver";

  private final String driverClass;
  private final String url;
  private final String user;
  private final PostgresPassword password;

  private WarehouseConnection(
      String driverClass, String url, String user, PostgresPassword password) {
    this.driverClass = driverClass;
    this.url = url;
    this.user = user;
    this.password = password;
  }

  /** Redshift through redshift-jdbc42; {@code url} starts with {@code jdbc:redshift:}. */
  public static WarehouseConnection redshift(String url, String user, PostgresPassword password) {
    return of(REDSHIFT_DRIVER, url, user, password);
  }

  /** The PostgreSQL stand-in through pgjdbc; {@code url} starts with {@code jdbc:postgresql:}. */
  public static WarehouseConnection postgres(String url, String user, PostgresPassword password) {
    return of(POSTGRES_DRIVER, url, user, password);
  }

  /**
   * Any driver. For the two known drivers the URL must be theirs.
   *
   * @param url must not carry the password
   * @param password where the password comes from ({@link PostgresPassword} names any database's
   *     password source, despite its name)
   */
  public static WarehouseConnection of(
      String driverClass, String url, String user, PostgresPassword password) {
    Objects.requireNonNull(driverClass, "driverClass cannot be null");
    Objects.requireNonNull(url, "url cannot be null");
    Objects.requireNonNull(user, "user cannot be null");
    Objects.requireNonNull(password, "password cannot be null (use PostgresPassword.none())");
    String expectedPrefix =
        switch (driverClass) {
          case REDSHIFT_DRIVER -> "jdbc:redshift:";
          case POSTGRES_DRIVER -> "jdbc:postgresql:";
          default -> "jdbc:";
        };
    if (!url.startsWith(expectedPrefix)) {
      throw new IllegalArgumentException(
          "url for "
              + driverClass
              + " must start with "
              + expectedPrefix
              + " but was "
              + redact(url));
    }
    if (carriesPassword(url)) {
      throw new IllegalArgumentException(
          "url must not carry a password parameter; pass it as a PostgresPassword");
    }
    return new WarehouseConnection(driverClass, url, user, password);
  }

  public String driverClass() {
    return driverClass;
  }

  public String url() {
    return url;
  }

  public String user() {
    return user;
  }

  /** The URL without its parameters, for logs. */
  public String redactedUrl() {
    return redact(url);
  }

  /**
   * Opens a connection with the driver class itself (DriverManager does not see drivers loaded by
   * Flink's user-code class loader). The caller closes it.
   *
   * @param applicationName shows in the database's session list ({@code pg_stat_activity}, {@code
   *     STV_SESSIONS}), so an operator can tell the sinks' sessions apart
   */
  public Connection open(String applicationName) throws SQLException {
    Driver driver = driver();
    Properties properties = new Properties();
    properties.setProperty("user", user);
    String secret = password.resolve();
    if (secret != null) {
      properties.setProperty("password", secret);
    }
    properties.setProperty("ApplicationName", applicationName);
    Connection connection = driver.connect(url, properties);
    if (connection == null) {
      throw new SQLException(driverClass + " does not accept " + redactedUrl(), "08001");
    }
    return connection;
  }

  private Driver driver() throws SQLException {
    try {
      return (Driver)
          Class.forName(driverClass, true, WarehouseConnection.class.getClassLoader())
              .getDeclaredConstructor()
              .newInstance();
    } catch (ReflectiveOperationException | LinkageError | ClassCastException e) {
      throw new SQLException("The JDBC driver " + driverClass + " cannot be loaded", "08001", e);
    }
  }

  private static String redact(String url) {
    int parameters = parametersStart(url);
    return parameters < 0 ? url : url.substring(0, parameters);
  }

  /**
   * Where the URL's parameters start: pgjdbc takes {@code ?a=b&c=d}, redshift-jdbc42 also {@code
   * ;a=b;c=d}.
   */
  private static int parametersStart(String url) {
    int query = url.indexOf('?');
    int semicolon = url.indexOf(';');
    return query < 0 ? semicolon : semicolon < 0 ? query : Math.min(query, semicolon);
  }

  private static boolean carriesPassword(String url) {
    int parameters = parametersStart(url);
    if (parameters < 0) {
      return false;
    }
    for (String param : url.substring(parameters + 1).split("[&;?]")) {
      String name = param.toLowerCase(Locale.ROOT);
      // redshift-jdbc42 reads the password from Password or PWD
      if (name.startsWith("password=") || name.startsWith("pwd=")) {
        return true;
      }
    }
    return false;
  }

  @Override
  public String toString() {
    return "WarehouseConnection[driver="
        + driverClass
        + ", url="
        + redactedUrl()
        + ", user="
        + user
        + ", password="
        + password
        + "]";
  }
}
