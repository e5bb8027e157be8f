package io.devicetrail.connectors.postgres;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import org.apache.flink.connector.jdbc.datasource.connections.JdbcConnectionProvider;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Opens the JDBC connection of one sink writer. Unlike Flink's {@code SimpleJdbcConnectionProvider}
 * it resolves the password only when connecting, on the task manager, and it uses the PostgreSQL
 * driver directly, which avoids {@code DriverManager} missing drivers loaded by Flink's user-code
 * class loader.
 */
final class PostgresConnectionProvider implements JdbcConnectionProvider {

  private static final long serialVersionUID = 1L;
  private static final Logger LOG = LoggerFactory.getLogger(PostgresConnectionProvider.class);
  private static final int VALIDATION_TIMEOUT_S = 5;

  private final PostgresConnection target;
  private final TreeMap<String, String> driverProperties;
  private transient Connection connection;

  /**
   * @param target where to connect
   * @param driverProperties pgjdbc properties for this sink, e.g. {@code ApplicationName}; never
   *     the password
   */
  PostgresConnectionProvider(PostgresConnection target, Map<String, String> driverProperties) {
    this.target = target;
    this.driverProperties = new TreeMap<>(driverProperties);
  }

  @Override
  public Connection getConnection() {
    return connection;
  }

  @Override
  public boolean isConnectionValid() throws SQLException {
    return connection != null && !connection.isClosed() && connection.isValid(VALIDATION_TIMEOUT_S);
  }

  @Override
  public Connection getOrEstablishConnection() throws SQLException {
    if (isConnectionValid()) {
      return connection;
    }
    Properties properties = new Properties();
    properties.putAll(driverProperties);
    properties.setProperty("user", target.user());
    String password = target.password().resolve();
    if (password != null) {
      properties.setProperty("password", password);
    }
    Connection opened = new org.postgresql.Driver().connect(target.url(), properties);
    if (opened == null) {
      throw new SQLException("Not a PostgreSQL URL: " + target.redactedUrl(), "08001");
    }
    connection = opened;
    LOG.info(
        "Connected to {} as {} ({})",
        target.redactedUrl(),
        target.user(),
        driverProperties.getOrDefault("ApplicationName", "devicetrail"));
    return connection;
  }

  @Override
  public void closeConnection() {
    if (connection == null) {
      return;
    }
    try {
      connection.close();
    } catch (SQLException e) {
      LOG.warn("Closing the connection to {} failed: {}", target.redactedUrl(), e.getMessage());
    } finally {
      connection = null;
    }
  }

  @Override
  public Connection reestablishConnection() throws SQLException {
    closeConnection();
    return getOrEstablishConnection();
  }

  @Override
  public String toString() {
    return "PostgresConnectionProvider[" + target + ", " + driverProperties + "]";
  }
}
