package io.devicetrail.sql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.devicetrail.localservices.LocalPostgres;
import io.devicetrail.localservices.PostgresOptions;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Versions may leave gaps (two people numbering migrations in parallel reserve ranges), as with
 * Flyway: the runner applies what it finds in version order.
 */
class WarehouseMigratorGapsTest {

  @TempDir static Path dataDir;
  private static LocalPostgres postgres;

  @BeforeAll
  static void startPostgres() throws Exception {
    postgres = LocalPostgres.start(dataDir, PostgresOptions.fastForTests());
  }

  @AfterAll
  static void stopPostgres() {
    if (postgres != null) {
      postgres.close();
    }
  }

  @Test
  void versionsWithGapsAreAppliedInOrderAndRecorded() throws Exception {
    postgres.createDatabaseIfMissing("gaps");
    List<WarehouseScript> scripts =
        List.of(
            new WarehouseScript(1, "first", "V1__first.sql", "CREATE TABLE a (x INTEGER);"),
            new WarehouseScript(4, "fourth", "V4__fourth.sql", "CREATE TABLE d (x INTEGER);"),
            new WarehouseScript(7, "seventh", "V7__seventh.sql", "CREATE TABLE g (x INTEGER);"));

    try (Connection c = postgres.connect("gaps")) {
      MigrationOutcome outcome = new WarehouseMigrator(scripts).migrate(c);

      assertThat(outcome).isEqualTo(new MigrationOutcome(null, "7", 3));
      assertThat(WarehouseSchema.history(c))
          .containsExactly("1 V1__first.sql", "4 V4__fourth.sql", "7 V7__seventh.sql");
      assertThat(new WarehouseMigrator(scripts).migrate(c))
          .isEqualTo(new MigrationOutcome("7", "7", 0));
    }
  }

  @Test
  void aVersionInsideAGapThatAppearsAfterANewerOneWasAppliedIsRefused() throws Exception {
    postgres.createDatabaseIfMissing("late_gap");
    WarehouseScript first = new WarehouseScript(1, "first", "V1__first.sql", "SELECT 1;");
    WarehouseScript fourth = new WarehouseScript(4, "fourth", "V4__fourth.sql", "SELECT 4;");
    WarehouseScript second = new WarehouseScript(2, "second", "V2__second.sql", "SELECT 2;");

    try (Connection c = postgres.connect("late_gap")) {
      new WarehouseMigrator(List.of(first, fourth)).migrate(c);

      assertThatThrownBy(() -> new WarehouseMigrator(List.of(first, second, fourth)).migrate(c))
          .isInstanceOf(WarehouseMigrationException.class)
          .hasMessageContaining("V2__second.sql")
          .hasMessageContaining("out-of-order");
    }
  }
}
