package io.devicetrail.sql.reports;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.devicetrail.simulator.Activity;
import io.devicetrail.simulator.Reading;
import java.nio.file.Path;
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
 * The reports that look at one moment of a device's history through dim_device as of that moment:
 * signal around configuration updates, and the value of a device at a time T.
 */
class DeviceHistoryReportsTest {

  private static final long HOUR = 3600;
  private static final int WINDOW_HOURS = 12;

  @TempDir static Path dataDir;
  private static WarehouseWithFleet warehouse;
  private static SimulatedWarehouse truth;

  @BeforeAll
  static void fill() throws Exception {
    warehouse = WarehouseWithFleet.start(dataDir);
    truth = warehouse.truth;
  }

  @AfterAll
  static void stop() {
    if (warehouse != null) {
      warehouse.close();
    }
  }

  @Test
  void everyConfigUpdateShowsTheVersionAsOfItsTimeTheOneBeforeAndTheSignalAround()
      throws Exception {
    Instant from = truth.now.minus(Duration.ofDays(30));
    Instant to = truth.now.minus(Duration.ofDays(1));

    List<Map<String, Object>> rows =
        warehouse.run(
            "signal_around_config_updates",
            Params.of("tenant_id", null, "from", from, "to", to, "window_hours", WINDOW_HOURS));

    List<Activity> updates = new ArrayList<>();
    for (String id : truth.deviceIds()) {
      truth.activities(id).stream()
          .filter(a -> a.type().equals("CONFIG_UPDATE") && a.outcome().equals("OK"))
          .filter(a -> !a.ts().isBefore(from) && a.ts().isBefore(to))
          .forEach(updates::add);
    }
    assertThat(rows).hasSize(updates.size()).hasSizeGreaterThan(5);
    for (Map<String, Object> row : rows) {
      Activity update =
          updates.stream()
              .filter(a -> a.eventId().equals(row.get("event_id")))
              .findFirst()
              .orElseThrow();
      String id = update.deviceId();
      Instant ts = update.ts();
      assertThat(row.get("config_version"))
          .as(update.eventId())
          .isEqualTo(((Number) update.detail().get("config_version")).longValue())
          .isEqualTo((long) truth.versionAt(id, ts).configVersion());
      assertThat(row.get("config_version_before"))
          .as(update.eventId())
          .isEqualTo((long) truth.versionAt(id, ts.minusSeconds(1)).configVersion())
          .isNotEqualTo(row.get("config_version"));
      assertThat(row.get("firmware")).isEqualTo(truth.versionAt(id, ts).firmware());
      assertSignalAround(row, id, ts);
    }
  }

  @Test
  void theValueWhileRawReadingsLastIsTheNewestReadingAtOrBeforeT() throws Exception {
    String id = truth.deviceIds().get(5);
    Instant at = truth.now.minus(Duration.ofDays(2)).minus(Duration.ofMinutes(17));

    Map<String, Object> row = valueAt(id, at);

    List<Reading> upToT = truth.readings(id, at.minus(Duration.ofDays(2)), at.plusSeconds(1));
    Reading newest = upToT.get(upToT.size() - 1);
    assertThat(row.get("tier")).isEqualTo("raw");
    assertThat(row.get("value_ts")).isEqualTo(newest.ts());
    assertThat(row.get("rssi_dbm")).isEqualTo(newest.rssiDbm());
    assertThat(row.get("cell_id")).isEqualTo(newest.cellId());
    assertThat((Double) row.get("age_s"))
        .isEqualTo((double) (at.getEpochSecond() - newest.ts().getEpochSecond()));
    assertAttributesAsOf(row, id, at);
  }

  @Test
  void theValueThreeWeeksAgoIsTheHourlyBucketHoldingT() throws Exception {
    String id = truth.deviceIds().get(7);
    Instant at = truth.now.minus(Duration.ofDays(21)).plus(Duration.ofMinutes(20));

    Map<String, Object> row = valueAt(id, at);

    Rollup hour = truth.rollup(id, at.truncatedTo(ChronoUnit.HOURS), HOUR);
    assertThat(row.get("tier")).isEqualTo("hourly");
    assertThat(row.get("value_ts")).isEqualTo(hour.bucketStart());
    assertThat((Double) row.get("rssi_dbm")).isCloseTo(hour.rssiAvg(), within(1e-9));
    assertThat(row.get("rssi_min")).isEqualTo(hour.rssiMin());
    assertThat(row.get("readings")).isEqualTo((long) hour.readings());
    assertAttributesAsOf(row, id, at);
  }

  @Test
  void theValueSixWeeksAgoIsTheDailyBucketHoldingT() throws Exception {
    String id = truth.deviceIds().get(11);
    Instant at = truth.now.minus(Duration.ofDays(40));

    Map<String, Object> row = valueAt(id, at);

    Rollup day = truth.rollup(id, at.truncatedTo(ChronoUnit.DAYS), 86_400);
    assertThat(row.get("tier")).isEqualTo("daily");
    assertThat(row.get("value_ts")).isEqualTo(day.bucketStart());
    assertThat((Double) row.get("rssi_dbm")).isCloseTo(day.rssiAvg(), within(1e-9));
    assertAttributesAsOf(row, id, at);
  }

  @Test
  void beforeTheHistoryThereIsStillOneRowWithNothingInIt() throws Exception {
    Map<String, Object> row =
        valueAt(truth.deviceIds().get(0), truth.now.minus(Duration.ofDays(60)));

    assertThat(row.get("device_id")).isEqualTo(truth.deviceIds().get(0));
    assertThat(row.get("tier")).isNull();
    assertThat(row.get("rssi_dbm")).isNull();
    assertThat(row.get("config_version")).isNull();
  }

  private static void assertSignalAround(Map<String, Object> row, String id, Instant ts) {
    double before = 0;
    long beforeCount = 0;
    double after = 0;
    long afterCount = 0;
    Instant first = ts.minusSeconds(WINDOW_HOURS * HOUR).truncatedTo(ChronoUnit.HOURS);
    for (Instant h = first;
        h.isBefore(ts.plusSeconds(WINDOW_HOURS * HOUR));
        h = h.plusSeconds(HOUR)) {
      Rollup r = truth.rollup(id, h, HOUR);
      boolean inWindow =
          !h.isBefore(ts.minusSeconds(WINDOW_HOURS * HOUR))
              && !h.plusSeconds(HOUR).isAfter(ts.plusSeconds(WINDOW_HOURS * HOUR));
      if (r == null || !inWindow) {
        continue;
      }
      if (!h.plusSeconds(HOUR).isAfter(ts)) {
        before += r.rssiAvg() * r.readings();
        beforeCount += r.readings();
      } else if (!h.isBefore(ts)) {
        after += r.rssiAvg() * r.readings();
        afterCount += r.readings();
      }
    }
    assertThat(row.get("readings_before")).isEqualTo(beforeCount == 0 ? null : beforeCount);
    assertThat(row.get("readings_after")).isEqualTo(afterCount == 0 ? null : afterCount);
    if (beforeCount > 0) {
      assertThat((Double) row.get("rssi_avg_before")).isCloseTo(before / beforeCount, within(1e-9));
    }
    if (afterCount > 0) {
      assertThat((Double) row.get("rssi_avg_after")).isCloseTo(after / afterCount, within(1e-9));
    }
  }

  private static void assertAttributesAsOf(Map<String, Object> row, String id, Instant at) {
    SimulatedWarehouse.Version version = truth.versionAt(id, at);
    assertThat(row.get("config_version")).isEqualTo((long) version.configVersion());
    assertThat(row.get("firmware")).isEqualTo(version.firmware());
    assertThat(row.get("model")).isEqualTo(version.model());
    assertThat(row.get("tenant_id")).isEqualTo(truth.device(id).tenantId());
  }

  private static Map<String, Object> valueAt(String id, Instant at) throws Exception {
    List<Map<String, Object>> rows =
        warehouse.run("device_value_at", Params.of("device_id", id, "at", at));
    assertThat(rows).hasSize(1);
    return rows.get(0);
  }
}
