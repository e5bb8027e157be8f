package io.devicetrail.sql;

import static org.assertj.core.api.Assertions.assertThat;

import io.devicetrail.localservices.LocalPostgres;
import io.devicetrail.localservices.PostgresOptions;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** device_status tells support, from the clock at read time, whether a device is fine. */
class DeviceStatusViewTest {

  @TempDir static Path dataDir;
  private static LocalPostgres postgres;
  private static String url;

  @BeforeAll
  static void migrate() throws Exception {
    postgres = LocalPostgres.start(dataDir, PostgresOptions.fastForTests());
    postgres.createDatabaseIfMissing("status");
    url = postgres.jdbcUrl("status");
    Migrations.migrateSupport(url, postgres.user(), postgres.password());
  }

  @AfterAll
  static void stop() {
    if (postgres != null) {
      postgres.close();
    }
  }

  @Test
  void aStreamingDeviceThatUploadedAMomentAgoIsAwake() throws Exception {
    // Samples every 5 min, uploads every 5 min, last upload 2 min ago, next due in 3 min.
    insert("streamer", 300, 300, "-2 minutes", "+3 minutes");
    assertThat(status("streamer")).isEqualTo("AWAKE");
  }

  @Test
  void aSleeperBetweenUploadsAndNotYetDueIsAsleep() throws Exception {
    // Samples every 15 min, uploads every 6 h; last upload 2 h ago, next due in 4 h.
    insert("sleeper", 900, 21600, "-2 hours", "+4 hours");
    assertThat(status("sleeper")).isEqualTo("ASLEEP");
  }

  @Test
  void aSleeperPastItsDueTimeIsOverdue() throws Exception {
    insert("late", 900, 21600, "-7 hours", "-1 hour");
    assertThat(status("late")).isEqualTo("OVERDUE");
  }

  @Test
  void aDeviceQuietForMoreThanThreeOfItsGapsIsSilent() throws Exception {
    insert("gone", 900, 21600, "-19 hours", "-13 hours");
    assertThat(status("gone")).isEqualTo("SILENT");
  }

  @Test
  void aDeviceWithoutLearnedCadenceFallsBackToOneHourFromItsNewestReading() throws Exception {
    try (Connection c = connect();
        Statement s = c.createStatement()) {
      s.execute(
          "INSERT INTO device_latest (device_id, tenant_id, last_reading_ts, updated_at)"
              + " VALUES ('new-now', 't', now() - interval '2 minutes', now()),"
              + " ('new-ok', 't', now() - interval '20 minutes', now()),"
              + " ('new-late', 't', now() - interval '90 minutes', now()),"
              + " ('new-gone', 't', now() - interval '4 hours', now())");
    }
    assertThat(status("new-now")).isEqualTo("AWAKE");
    assertThat(status("new-ok")).isEqualTo("ASLEEP");
    assertThat(status("new-late")).isEqualTo("OVERDUE");
    assertThat(status("new-gone")).isEqualTo("SILENT");
  }

  private static void insert(String id, int interval, int gap, String lastUpload, String nextDue)
      throws Exception {
    try (Connection c = connect();
        PreparedStatement ps =
            c.prepareStatement(
                "INSERT INTO device_latest (device_id, tenant_id, last_reading_ts,"
                    + " learned_interval_s, learned_upload_gap_s, last_upload_at,"
                    + " next_upload_due_at, updated_at)"
                    + " VALUES (?, 't', now() + CAST(? AS interval), ?, ?,"
                    + " now() + CAST(? AS interval), now() + CAST(? AS interval), now())")) {
      ps.setString(1, id);
      ps.setString(2, lastUpload);
      ps.setInt(3, interval);
      ps.setInt(4, gap);
      ps.setString(5, lastUpload);
      ps.setString(6, nextDue);
      ps.executeUpdate();
    }
  }

  private static String status(String id) throws Exception {
    try (Connection c = connect();
        PreparedStatement ps =
            c.prepareStatement("SELECT status FROM device_status WHERE device_id = ?")) {
      ps.setString(1, id);
      try (ResultSet rs = ps.executeQuery()) {
        assertThat(rs.next()).as(id).isTrue();
        return rs.getString(1);
      }
    }
  }

  private static Connection connect() throws Exception {
    return java.sql.DriverManager.getConnection(url, postgres.user(), postgres.password());
  }
}
