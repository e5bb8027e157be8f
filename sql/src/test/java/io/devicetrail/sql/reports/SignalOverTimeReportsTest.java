package io.devicetrail.sql.reports;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.devicetrail.simulator.Reading;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Signal over time through one view and one tier choice: signal_over_time_device and
 * signal_over_time_tenant, and the stand-in's signal_series(...), on a simulated fleet.
 */
class SignalOverTimeReportsTest {

  private static final long HOUR = 3600;
  private static final long DAY = 86_400;

  @TempDir static Path dataDir;
  private static WarehouseWithFleet warehouse;
  private static SimulatedWarehouse truth;
  private static String device;
  private static String tenant;

  @BeforeAll
  static void fill() throws Exception {
    warehouse = WarehouseWithFleet.start(dataDir);
    truth = warehouse.truth;
    device = truth.deviceIds().get(3);
    tenant = truth.device(device).tenantId();
  }

  @AfterAll
  static void stop() {
    if (warehouse != null) {
      warehouse.close();
    }
  }

  @Test
  void aDayOfOneDeviceIsEveryRawReading() throws Exception {
    Instant from = truth.now.minus(Duration.ofDays(1));

    List<Map<String, Object>> rows = deviceSeries(from, truth.now);

    List<Reading> readings = truth.readings(device, from, truth.now);
    assertThat(rows).isNotEmpty().allSatisfy(r -> assertThat(r.get("tier")).isEqualTo("raw"));
    assertThat(rows)
        .extracting(r -> r.get("bucket_start"))
        .containsExactlyElementsOf(readings.stream().map(Reading::ts).toList());
    assertThat(rows)
        .extracting(r -> r.get("rssi_avg"))
        .containsExactlyElementsOf(readings.stream().map(r -> (Object) r.rssiDbm()).toList());
  }

  @Test
  void tenDaysOfOneDeviceAreItsHourlyBuckets() throws Exception {
    Instant from = truth.now.minus(Duration.ofDays(10));

    List<Map<String, Object>> rows = deviceSeries(from, truth.now);

    assertMatchesRollups(rows, "hourly", HOUR, from, truth.now);
    assertThat(rows).hasSizeGreaterThan(10 * 24 / 2); // sleepers too report every hour or two
  }

  @Test
  void twoDaysThreeWeeksAgoAreHourlyBecauseRawRetentionHasPassed() throws Exception {
    Instant from = truth.now.minus(Duration.ofDays(21)).plus(Duration.ofMinutes(30));
    Instant to = from.plus(Duration.ofDays(2));

    List<Map<String, Object>> rows = deviceSeries(from, to);

    // The hour holding `from` overlaps the range: it is the first bucket.
    assertThat(rows.get(0).get("bucket_start")).isEqualTo(from.truncatedTo(ChronoUnit.HOURS));
    assertMatchesRollups(rows, "hourly", HOUR, from.truncatedTo(ChronoUnit.HOURS), to);
  }

  @Test
  void fortyDaysOfOneDeviceAreItsDailyBucketsOverlappingTheRange() throws Exception {
    Instant from = truth.now.minus(Duration.ofDays(40));

    List<Map<String, Object>> rows = deviceSeries(from, truth.now);

    assertThat(rows.get(0).get("bucket_start")).isEqualTo(from.truncatedTo(ChronoUnit.DAYS));
    assertMatchesRollups(rows, "daily", DAY, from.truncatedTo(ChronoUnit.DAYS), truth.now);
    assertThat(rows).hasSize(41); // 39 whole days, the partial first and the partial last
  }

  @Test
  void theStandInsSignalSeriesFunctionReturnsTheReportsRows() throws Exception {
    for (Duration back : List.of(Duration.ofHours(30), Duration.ofDays(12), Duration.ofDays(44))) {
      Instant from = truth.now.minus(back);
      List<Map<String, Object>> report = deviceSeries(from, truth.now);
      try (Connection c = warehouse.connect();
          PreparedStatement ps =
              c.prepareStatement(
                  "SELECT tier, bucket_start, bucket_end, readings, expected_readings, rssi_min,"
                      + " rssi_avg, rssi_max, rssi_p10, rssi_p50, rssi_p90, snr_avg,"
                      + " battery_min_mv, cells_seen, cell_changes, is_final"
                      + " FROM signal_series(?, ?, ?, ?, ?)")) {
        ps.setString(1, tenant);
        ps.setString(2, device);
        ps.setObject(3, from.atOffset(java.time.ZoneOffset.UTC));
        ps.setObject(4, truth.now.atOffset(java.time.ZoneOffset.UTC));
        ps.setObject(5, truth.now.atOffset(java.time.ZoneOffset.UTC));
        try (ResultSet rs = ps.executeQuery()) {
          assertThat(ReportRows.read(rs)).as("back %s", back).isEqualTo(report);
        }
      }
    }
  }

  @Test
  void aTenantsDayIsItsRawReadingsPooledInFiveMinuteSlots() throws Exception {
    Instant from = truth.now.minus(Duration.ofDays(1));

    List<Map<String, Object>> rows = tenantSeries(from, truth.now);

    long readings = 0;
    for (String id : truth.deviceIds(tenant)) {
      readings += truth.readings(id, from, truth.now).size();
    }
    assertThat(rows).isNotEmpty();
    assertThat(rows.stream().mapToLong(r -> (Long) r.get("readings")).sum()).isEqualTo(readings);
    assertThat(rows)
        .allSatisfy(
            r -> {
              assertThat(r.get("tier")).isEqualTo("raw");
              Instant slot = (Instant) r.get("slot_start");
              assertThat(slot.getEpochSecond() % 300).isZero();
              assertThat(slot).isBetween(from.minusSeconds(300), truth.now);
              assertThat((Long) r.get("devices"))
                  .isBetween(1L, (long) truth.deviceIds(tenant).size());
              assertThat((Double) r.get("rssi_avg"))
                  .isBetween((Double) r.get("rssi_min"), (Double) r.get("rssi_max"));
              assertThat(r.get("coverage")).isNull();
            });
  }

  @Test
  void aTenantsTwoWeeksAreHourlySlotsWithCoverageBetweenZeroAndOne() throws Exception {
    Instant from = truth.now.minus(Duration.ofDays(14));

    List<Map<String, Object>> rows = tenantSeries(from, truth.now);

    assertThat(rows).hasSize(14 * 24);
    assertThat(rows)
        .allSatisfy(
            r -> {
              assertThat(r.get("tier")).isEqualTo("hourly");
              assertThat((Double) r.get("coverage")).isGreaterThan(0.0).isLessThanOrEqualTo(1.0);
              assertThat((Double) r.get("rssi_avg")).isBetween(-150.0, 0.0);
            });
    Instant hour = from.plus(Duration.ofDays(3));
    double weighted = 0;
    long count = 0;
    for (String id : truth.deviceIds(tenant)) {
      Rollup r = truth.rollup(id, hour, HOUR);
      if (r != null) {
        weighted += r.rssiAvg() * r.readings();
        count += r.readings();
      }
    }
    Map<String, Object> row =
        rows.stream().filter(r -> r.get("slot_start").equals(hour)).findFirst().orElseThrow();
    assertThat((Double) row.get("rssi_avg")).isCloseTo(weighted / count, within(1e-9));
    assertThat(row.get("readings")).isEqualTo(count);
  }

  private static void assertMatchesRollups(
      List<Map<String, Object>> rows, String tier, long bucketSeconds, Instant from, Instant to) {
    List<Rollup> expected = new ArrayList<>();
    for (Instant b = from; b.isBefore(to); b = b.plusSeconds(bucketSeconds)) {
      Rollup r = truth.rollup(device, b, bucketSeconds);
      if (r != null) {
        expected.add(r);
      }
    }
    assertThat(rows).allSatisfy(r -> assertThat(r.get("tier")).isEqualTo(tier));
    assertThat(rows)
        .extracting(r -> r.get("bucket_start"))
        .containsExactlyElementsOf(expected.stream().map(Rollup::bucketStart).toList());
    for (int i = 0; i < rows.size(); i++) {
      Map<String, Object> row = rows.get(i);
      Rollup r = expected.get(i);
      assertThat(row.get("readings")).isEqualTo((long) r.readings());
      assertThat((Double) row.get("rssi_avg")).isCloseTo(r.rssiAvg(), within(1e-9));
      assertThat(row.get("rssi_p10")).isEqualTo(r.rssiP10());
      assertThat(row.get("bucket_end")).isEqualTo(r.bucketStart().plusSeconds(bucketSeconds));
    }
  }

  private static List<Map<String, Object>> deviceSeries(Instant from, Instant to) throws Exception {
    return warehouse.run(
        "signal_over_time_device",
        Params.of(
            "tenant_id", tenant, "device_id", device, "from", from, "to", to, "as_of", truth.now));
  }

  private static List<Map<String, Object>> tenantSeries(Instant from, Instant to) throws Exception {
    return warehouse.run(
        "signal_over_time_tenant",
        Params.of("tenant_id", tenant, "from", from, "to", to, "as_of", truth.now));
  }
}
