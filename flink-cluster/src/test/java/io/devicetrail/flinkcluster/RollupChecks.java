package io.devicetrail.flinkcluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.devicetrail.connectors.warehouse.model.RollupTier;
import io.devicetrail.connectors.warehouse.model.SignalRollup;
import io.devicetrail.events.SignalReading;
import io.devicetrail.jobs.rollup.RollupOracle;
import io.devicetrail.simulator.DeviceInfo;
import io.devicetrail.simulator.Fleet;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Every signal_hourly and signal_daily row against the same rollup recomputed in batch from the
 * archive (the check of local/RollupOracleEndToEndTest, which proves an uninterrupted run on a
 * MiniCluster equals the recomputation): so a run on the cluster with failures and restarts that
 * passes it wrote what an uninterrupted run writes.
 */
final class RollupChecks {

  private RollupChecks() {}

  static void compareWithOracle(
      RollupTier tier,
      List<SignalReading> archived,
      Fleet fleet,
      String url,
      String user,
      String pw,
      int minimumHourlyRows)
      throws Exception {
    Map<String, DeviceInfo> devices = new HashMap<>();
    fleet.deviceIds().forEach(id -> devices.put(id, fleet.device(id)));
    List<SignalRollup> oracle =
        RollupOracle.rollups(
            archived,
            tier,
            id ->
                devices.get(id).reportingIntervalS() != null
                    ? devices.get(id).reportingIntervalS()
                    : devices.get(id).samplingIntervalS(),
            Instant.EPOCH);
    Map<String, SignalRollup> expected = new HashMap<>();
    Map<String, Instant> lastBucket = new HashMap<>();
    for (SignalRollup r : oracle) {
      expected.put(r.deviceId() + "@" + r.bucketStart(), r);
      lastBucket.merge(r.deviceId(), r.bucketStart(), (a, b) -> a.isAfter(b) ? a : b);
    }
    Map<String, SignalRollup> actual = readRollups(tier, url, user, pw);

    List<String> problems = new ArrayList<>();
    actual.forEach(
        (key, row) -> {
          SignalRollup want = expected.get(key);
          if (want == null) {
            problems.add(key + ": in the warehouse but not in the archive");
            return;
          }
          boolean vendorInterval = devices.get(row.deviceId()).reportingIntervalS() != null;
          for (String d : RollupOracle.differences(want, row)) {
            // Without a vendor interval, expected_readings uses the interval learned so far: null
            // before the device's cadence is learned.
            if (!vendorInterval
                && d.startsWith("expected_readings")
                && row.expectedReadings() == null) {
              continue;
            }
            problems.add(key + " " + d);
          }
        });
    // Every bucket a device has moved past must be written; only its newest may still be open.
    expected.forEach(
        (key, want) -> {
          if (!actual.containsKey(key)
              && want.bucketStart().isBefore(lastBucket.get(want.deviceId()))) {
            problems.add(key + ": closed bucket missing from " + tier.tableName());
          }
        });
    assertThat(actual)
        .as(tier.tableName())
        .hasSizeGreaterThan(tier == RollupTier.HOUR ? minimumHourlyRows : minimumHourlyRows / 10);
    assertThat(problems).as(tier.tableName() + " vs the batch recomputation").isEmpty();
  }

  private static Map<String, SignalRollup> readRollups(
      RollupTier tier, String url, String user, String pw) throws Exception {
    Map<String, SignalRollup> rows = new HashMap<>();
    try (Connection c = DriverManager.getConnection(url, user, pw);
        Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery(
                "SELECT device_id, tenant_id, bucket_start, readings, expected_readings, rssi_min,"
                    + " rssi_max, rssi_avg, rssi_p10, rssi_p50, rssi_p90, snr_avg, cells_seen,"
                    + " cell_changes, battery_min_mv, longest_gap_s, late_readings, max_lateness_s,"
                    + " revision, is_final, updated_at FROM "
                    + tier.tableName())) {
      while (rs.next()) {
        SignalRollup r =
            new SignalRollup(
                tier,
                rs.getString(1),
                rs.getString(2),
                rs.getTimestamp(3).toInstant(),
                rs.getInt(4),
                (Integer) rs.getObject(5),
                rs.getDouble(6),
                rs.getDouble(7),
                rs.getDouble(8),
                rs.getDouble(9),
                rs.getDouble(10),
                rs.getDouble(11),
                (Double) rs.getObject(12),
                rs.getInt(13),
                rs.getInt(14),
                (Integer) rs.getObject(15),
                rs.getInt(16),
                rs.getInt(17),
                rs.getInt(18),
                rs.getInt(19),
                rs.getBoolean(20),
                rs.getTimestamp(21).toInstant());
        rows.put(r.deviceId() + "@" + r.bucketStart(), r);
      }
    }
    return rows;
  }
}
