package io.devicetrail.sql;

import java.sql.Connection;
import java.sql.Driver;
import java.sql.SQLException;
import java.util.Locale;
import java.util.Objects;
import java.util.Properties;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.configuration.FluentConfiguration;
import org.flywaydb.core.api.output.MigrateResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies the versioned schema migrations: the support database's (classpath {@code db/support})
 * with Flyway, the warehouse's (classpath {@code db/warehouse/<flavour>}) with {@link
 * WarehouseMigrator}, since Flyway's Redshift module is not published for our Flyway version.
 *
 * <p>Idempotent: migrations already applied are skipped, so every program that needs the schema
 * (the migrate command, the local runner, tests) can call this at start. Flyway serialises
 * concurrent runs on the same database with an advisory lock.
 *
 * <pre>{@code
 * Migrations.migrateSupport("jdbc:postgresql://127.0.0.1:5432/support", "devicetrail", password);
 * Migrations.migrateWarehouse(
 *     "jdbc:redshift://cluster.abc.eu-west-1.redshift.amazonaws.com:5439/dev",
 *     "devicetrail", password, WarehouseFlavor.REDSHIFT);
 * }</pre>
 */
public final class Migrations {

  /** Where the support database's migrations live on the classpath. */
  public static final String SUPPORT_LOCATION = "classpath:db/support";

  private static final Logger LOG = LoggerFactory.getLogger(Migrations.class);

  private Migrations() {}

  /** Brings the support database at {@code jdbcUrl} to the latest schema version. */
  public static MigrationOutcome migrateSupport(String jdbcUrl, String user, String password) {
    Objects.requireNonNull(jdbcUrl, "jdbcUrl cannot be null");
    FluentConfiguration config = supportConfig().dataSource(jdbcUrl, user, password);
    return migrate(config, JdbcUrls.redact(jdbcUrl));
  }

  /** Brings the support database behind {@code dataSource} to the latest schema version. */
  public static MigrationOutcome migrateSupport(DataSource dataSource) {
    Objects.requireNonNull(dataSource, "dataSource cannot be null");
    return migrate(supportConfig().dataSource(dataSource), "the given data source");
  }

  /**
   * Brings the warehouse at {@code jdbcUrl} to the latest schema version of {@code flavor}.
   *
   * @param jdbcUrl a URL of the flavour's driver ({@code jdbc:redshift:} or {@code
   *     jdbc:postgresql:}), without the password
   * @param password null to connect without one
   * @throws WarehouseMigrationException when a script fails, an applied one was edited, or the
   *     database cannot be reached
   */
  public static MigrationOutcome migrateWarehouse(
      String jdbcUrl, String user, String password, WarehouseFlavor flavor) {
    Objects.requireNonNull(jdbcUrl, "jdbcUrl cannot be null");
    Objects.requireNonNull(flavor, "flavor cannot be null");
    if (!jdbcUrl.startsWith(flavor.urlPrefix())) {
      throw new IllegalArgumentException(
          "A "
              + flavor
              + " warehouse URL must start with "
              + flavor.urlPrefix()
              + " but was "
              + JdbcUrls.redact(jdbcUrl));
    }
    String where = JdbcUrls.redact(jdbcUrl);
    try (Connection c = connect(flavor, jdbcUrl, user, password)) {
      return migrateWarehouse(c, flavor, where);
    } catch (SQLException e) {
      throw new WarehouseMigrationException(
          "Cannot migrate the warehouse " + where + ": " + e.getMessage(), e);
    }
  }

  /**
   * Brings the warehouse behind {@code dataSource} to the latest schema version of {@code flavor}.
   */
  public static MigrationOutcome migrateWarehouse(DataSource dataSource, WarehouseFlavor flavor) {
    Objects.requireNonNull(dataSource, "dataSource cannot be null");
    Objects.requireNonNull(flavor, "flavor cannot be null");
    try (Connection c = dataSource.getConnection()) {
      return migrateWarehouse(c, flavor, "the given data source");
    } catch (SQLException e) {
      throw new WarehouseMigrationException(
          "Cannot migrate the warehouse behind the given data source: " + e.getMessage(), e);
    }
  }

  private static MigrationOutcome migrateWarehouse(
      Connection c, WarehouseFlavor flavor, String where) throws SQLException {
    MigrationOutcome outcome = new WarehouseMigrator(WarehouseScripts.load(flavor)).migrate(c);
    log("Warehouse (" + flavor.name().toLowerCase(Locale.ROOT) + ")", where, outcome);
    return outcome;
  }

  /**
   * Opens a connection with the flavour's driver class itself (DriverManager misses drivers of
   * other class loaders).
   */
  private static Connection connect(
      WarehouseFlavor flavor, String jdbcUrl, String user, String password) throws SQLException {
    Driver driver;
    try {
      driver =
          (Driver)
              Class.forName(flavor.driverClass(), true, Migrations.class.getClassLoader())
                  .getDeclaredConstructor()
                  .newInstance();
    } catch (ReflectiveOperationException | LinkageError e) {
      throw new SQLException(
          "The JDBC driver " + flavor.driverClass() + " is not on the classpath", "08001", e);
    }
    Properties properties = new Properties();
    if (user != null) {
      properties.setProperty("user", user);
    }
    if (password != null) {
      properties.setProperty("password", password);
    }
    properties.setProperty("ApplicationName", "devicetrail-migrate");
    Connection c = driver.connect(jdbcUrl, properties);
    if (c == null) {
      throw new SQLException(
          flavor.driverClass() + " does not accept " + JdbcUrls.redact(jdbcUrl), "08001");
    }
    return c;
  }

  private static FluentConfiguration supportConfig() {
    return Flyway.configure(Migrations.class.getClassLoader())
        .locations(SUPPORT_LOCATION)
        .failOnMissingLocations(true)
        .validateMigrationNaming(true)
        .cleanDisabled(true);
  }

  private static MigrationOutcome migrate(FluentConfiguration config, String where) {
    MigrateResult result = config.load().migrate();
    MigrationOutcome outcome =
        new MigrationOutcome(
            result.initialSchemaVersion,
            // Flyway leaves the target empty when nothing was pending.
            result.targetSchemaVersion != null
                ? result.targetSchemaVersion
                : result.initialSchemaVersion,
            result.migrationsExecuted);
    log("Support database", where, outcome);
    return outcome;
  }

  private static void log(String what, String where, MigrationOutcome outcome) {
    if (outcome.applied() == 0) {
      LOG.info("{} {} is up to date at schema version {}", what, where, outcome.toVersion());
    } else {
      LOG.info(
          "{} {} migrated from schema version {} to {} ({} migrations applied)",
          what,
          where,
          outcome.fromVersion() == null ? "none" : outcome.fromVersion(),
          outcome.toVersion(),
          outcome.applied());
    }
  }
}
