package io.devicetrail.sql;

import java.util.Objects;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.configuration.FluentConfiguration;
import org.flywaydb.core.api.output.MigrateResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies the versioned schema migrations (classpath {@code db/support}) with Flyway.
 *
 * <p>Idempotent: migrations already applied are skipped, so every program that needs the schema
 * (the migrate command, the local runner, tests) can call this at start. Flyway serialises
 * concurrent runs on the same database with an advisory lock.
 *
 * <pre>{@code
 * Migrations.migrateSupport("jdbc:postgresql://127.0.0.1:5432/support", "devicetrail", password);
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
    if (outcome.applied() == 0) {
      LOG.info(
          "Support database {} is up to date at schema version {}", where, outcome.toVersion());
    } else {
      LOG.info(
          "Support database {} migrated from schema version {} to {} ({} migrations applied)",
          where,
          outcome.fromVersion() == null ? "none" : outcome.fromVersion(),
          outcome.toVersion(),
          outcome.applied());
    }
    return outcome;
  }
}
