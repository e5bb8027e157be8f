package io.devicetrail.sql.reports;

import io.devicetrail.localservices.LocalPostgres;
import io.devicetrail.localservices.PostgresOptions;
import io.devicetrail.sql.Migrations;
import io.devicetrail.sql.WarehouseFlavor;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real PostgreSQL warehouse stand-in, migrated, holding a {@link SimulatedWarehouse}: what the
 * report tests run against. One per test class; {@link #close()} stops the server.
 */
final class WarehouseWithFleet implements AutoCloseable {

  static final int DEVICES = 24;
  private static final String DB = "warehouse";
  private static final Logger LOG = LoggerFactory.getLogger(WarehouseWithFleet.class);

  final SimulatedWarehouse truth;
  private final LocalPostgres postgres;

  private WarehouseWithFleet(LocalPostgres postgres, SimulatedWarehouse truth) {
    this.postgres = postgres;
    this.truth = truth;
  }

  static WarehouseWithFleet start(Path dataDir) throws Exception {
    long started = System.nanoTime();
    LocalPostgres postgres = LocalPostgres.start(dataDir, PostgresOptions.fastForTests());
    try {
      postgres.createDatabaseIfMissing(DB);
      Migrations.migrateWarehouse(
          postgres.jdbcUrl(DB), postgres.user(), postgres.password(), WarehouseFlavor.POSTGRES);
      SimulatedWarehouse truth =
          SimulatedWarehouse.generate(Instant.parse("2026-11-02T12:00:00Z"), DEVICES);
      try (Connection c =
          DriverManager.getConnection(
              postgres.jdbcUrl(DB) + "?reWriteBatchedInserts=true",
              postgres.user(),
              postgres.password())) {
        truth.load(c);
        c.createStatement().execute("ANALYZE");
      }
      LOG.info(
          "Warehouse stand-in filled with {} simulated devices in {} ms",
          DEVICES,
          (System.nanoTime() - started) / 1_000_000);
      return new WarehouseWithFleet(postgres, truth);
    } catch (Exception | Error e) {
      postgres.close();
      throw e;
    }
  }

  Connection connect() throws SQLException {
    Connection c = postgres.connect(DB);
    c.createStatement().execute("SET TIME ZONE 'UTC'");
    return c;
  }

  List<Map<String, Object>> run(String report, Map<String, ?> values) throws SQLException {
    try (Connection c = connect()) {
      return ReportRows.run(c, report, values);
    }
  }

  @Override
  public void close() {
    postgres.close();
  }
}
