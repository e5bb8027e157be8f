package io.devicetrail.sql.reports;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.devicetrail.simulator.Activity;
import io.devicetrail.simulator.Reading;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The reports that find unhealthy devices, on a simulated fleet in which one device lost 15 dB over
 * the last week and another was silent for 6 hours during the last day.
 */
class FleetHealthReportsTest {

  private static final long HOUR = 3600;
  private static final long DAY = 86_400;

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
  void theDeviceThatLostSignalLeadsTheWeekOverWeekReport() throws Exception {
    List<Map<String, Object>> rows =
        warehouse.run(
            "signal_degraded_week_over_week",
            Params.of(
                "tenant_id", null, "as_of", truth.today, "min_drop_db", 10.0, "min_readings", 24));

    assertThat(rows).isNotEmpty();
    Map<String, Object> worst = rows.get(0);
    assertThat(worst.get("device_id")).isEqualTo(truth.degradedDevice);
    double lastWeek =
        weightedMeanOfDays(truth.degradedDevice, truth.today.minus(Duration.ofDays(14)));
    double thisWeek =
        weightedMeanOfDays(truth.degradedDevice, truth.today.minus(Duration.ofDays(7)));
    assertThat((Double) worst.get("rssi_avg_last_week")).isCloseTo(lastWeek, within(1e-9));
    assertThat((Double) worst.get("rssi_avg_this_week")).isCloseTo(thisWeek, within(1e-9));
    assertThat((Double) worst.get("change_db"))
        .isCloseTo(-SimulatedWarehouse.DEGRADATION_DB, within(4.0));
    assertThat(rows)
        .allSatisfy(r -> assertThat((Double) r.get("change_db")).isLessThanOrEqualTo(-10.0))
        .isSortedAccordingTo(Comparator.comparing(r -> (Double) r.get("change_db")));
  }

  @Test
  void theWeekOverWeekReportKeepsToTheTenantAsked() throws Exception {
    String otherTenant = SimulatedWarehouse.TENANTS.get(1);

    List<Map<String, Object>> rows =
        warehouse.run(
            "signal_degraded_week_over_week",
            Params.of(
                "tenant_id",
                otherTenant,
                "as_of",
                truth.today,
                "min_drop_db",
                0.0,
                "min_readings",
                1));

    assertThat(rows)
        .allSatisfy(r -> assertThat(r.get("tenant_id")).isEqualTo(otherTenant))
        .noneSatisfy(r -> assertThat(r.get("device_id")).isEqualTo(truth.degradedDevice));
  }

  @Test
  void movementBandsAccountForEveryDeviceHour() throws Exception {
    Instant from = truth.now.minus(Duration.ofDays(7));

    List<Map<String, Object>> rows =
        warehouse.run(
            "movement_vs_signal", Params.of("tenant_id", null, "from", from, "to", truth.now));

    long deviceHours = 0;
    long readings = 0;
    long stillHours = 0;
    for (String id : truth.deviceIds()) {
      for (Instant h = from; h.isBefore(truth.now); h = h.plusSeconds(HOUR)) {
        Rollup r = truth.rollup(id, h, HOUR);
        if (r != null) {
          deviceHours++;
          readings += r.readings();
          stillHours += r.cellChanges() == 0 ? 1 : 0;
        }
      }
    }
    assertThat(rows)
        .extracting(r -> r.get("cell_changes_in_hour"))
        .isSubsetOf("0", "1", "2", "3+")
        .contains("0", "1");
    assertThat(rows.stream().mapToLong(r -> (Long) r.get("device_hours")).sum())
        .isEqualTo(deviceHours);
    assertThat(rows.stream().mapToLong(r -> (Long) r.get("readings")).sum()).isEqualTo(readings);
    assertThat(rows.get(0).get("device_hours")).isEqualTo(stillHours);
    assertThat(rows.stream().mapToDouble(r -> (Double) r.get("share_of_device_hours")).sum())
        .isCloseTo(1.0, within(1e-9));
    assertThat(rows).allSatisfy(r -> assertThat((Double) r.get("rssi_avg")).isBetween(-150.0, 0.0));
  }

  @Test
  void coverageAndGapsOfTheLastDayAreExactAndFindTheOutageFirst() throws Exception {
    String tenant = truth.device(truth.outageDevice).tenantId();
    Instant from = truth.now.minus(Duration.ofDays(1));

    List<Map<String, Object>> rows =
        warehouse.run(
            "coverage_and_gaps", Params.of("tenant_id", tenant, "from", from, "to", truth.now));

    assertThat(rows).hasSize(truth.deviceIds(tenant).size());
    assertThat(rows.get(0).get("device_id")).isEqualTo(truth.outageDevice);
    assertThat((Double) rows.get(0).get("coverage"))
        .isCloseTo(1 - SimulatedWarehouse.OUTAGE.toSeconds() / (double) DAY, within(1e-9));
    for (Map<String, Object> row : rows) {
      String id = (String) row.get("device_id");
      List<Reading> readings = truth.readings(id, from, truth.now);
      int interval = truth.device(id).samplingIntervalS();
      assertThat(row.get("readings")).as(id).isEqualTo((long) readings.size());
      assertThat((Double) row.get("coverage"))
          .as(id)
          .isCloseTo(Math.min(1.0, readings.size() / (DAY / (double) interval)), within(1e-9));
      assertThat((Double) row.get("longest_gap_s"))
          .as(id)
          .isEqualTo((double) longestGap(readings, from, truth.now));
    }
    assertThat(rows).isSortedAccordingTo(Comparator.comparing(r -> (Double) r.get("coverage")));
  }

  @Test
  void aRangeThatStartsOrEndsInASilenceCountsItAsAGap() throws Exception {
    String tenant = truth.device(truth.outageDevice).tenantId();
    Instant outageEnd = truth.outageStart.plus(SimulatedWarehouse.OUTAGE);
    Instant first = truth.readings(truth.outageDevice, outageEnd, truth.now).get(0).ts();
    List<Reading> before = truth.readings(truth.outageDevice, truth.rawFrom(), truth.outageStart);
    Instant last = before.get(before.size() - 1).ts();

    Map<String, Object> startsInside =
        outageRow(tenant, truth.outageStart.plus(Duration.ofHours(1)), truth.now);
    Map<String, Object> endsInside =
        outageRow(
            tenant,
            truth.outageStart.minus(Duration.ofHours(1)),
            outageEnd.minus(Duration.ofHours(1)));

    assertThat((Double) startsInside.get("longest_gap_s"))
        .isEqualTo(
            (double)
                (first.getEpochSecond()
                    - truth.outageStart.plus(Duration.ofHours(1)).getEpochSecond()));
    assertThat((Double) endsInside.get("longest_gap_s"))
        .isEqualTo(
            (double)
                (outageEnd.minus(Duration.ofHours(1)).getEpochSecond() - last.getEpochSecond()));
  }

  @Test
  void theWorstCoverageOfTheDayIsTheSilencedDevice() throws Exception {
    List<Map<String, Object>> rows = worst("day", "coverage", 3, null);

    assertThat(rows).hasSize(3);
    assertThat(rows.get(0).get("device_id")).isEqualTo(truth.outageDevice);
    assertThat((Double) rows.get(0).get("coverage")).isCloseTo(0.75, within(1e-9));
    assertThat(rows).extracting(r -> r.get("rank")).containsExactly(1L, 2L, 3L);
    assertThat(rows)
        .allSatisfy(r -> assertThat((Double) r.get("coverage")).isBetween(0.0, 1.0))
        .isSortedAccordingTo(Comparator.comparing(r -> (Double) r.get("coverage")));
  }

  @Test
  void theWorstSignalOverAnHourADayAndAWeekIsTheLowestMeanOfTheReadings() throws Exception {
    for (String window : List.of("hour", "day", "week")) {
      Instant from =
          truth.now.minusSeconds(
              switch (window) {
                case "hour" -> HOUR;
                case "day" -> DAY;
                default -> 7 * DAY;
              });

      List<Map<String, Object>> rows = worst(window, "signal", 5, null);

      assertThat(rows).as(window).hasSize(5);
      assertThat(rows)
          .as(window)
          .isSortedAccordingTo(Comparator.comparing(r -> (Double) r.get("rssi_avg")));
      String expectedWorst =
          truth.deviceIds().stream()
              .filter(id -> !truth.readings(id, from, truth.now).isEmpty())
              .min(Comparator.comparingDouble(id -> mean(truth.readings(id, from, truth.now))))
              .orElseThrow();
      assertThat(rows.get(0).get("device_id")).as(window).isEqualTo(expectedWorst);
      assertThat((Double) rows.get(0).get("rssi_avg"))
          .as(window)
          .isCloseTo(mean(truth.readings(expectedWorst, from, truth.now)), within(1e-9));
    }
  }

  @Test
  void theMostTimeoutsOfTheWeekAreCountedFromTheActivityEvents() throws Exception {
    Instant from = truth.now.minus(Duration.ofDays(7));

    List<Map<String, Object>> rows = worst("week", "timeouts", 5, null);

    assertThat(rows).hasSize(5);
    assertThat(rows)
        .isSortedAccordingTo(Comparator.comparing(r -> -(Long) r.get("timeouts")))
        .allSatisfy(
            r ->
                assertThat(r.get("timeouts"))
                    .as((String) r.get("device_id"))
                    .isEqualTo(timeouts((String) r.get("device_id"), from)));
    long most = truth.deviceIds().stream().mapToLong(id -> timeouts(id, from)).max().orElseThrow();
    assertThat((Long) rows.get(0).get("timeouts")).isEqualTo(most).isPositive();
  }

  @Test
  void aTenantsWorstDevicesAreAllItsOwn() throws Exception {
    String tenant = SimulatedWarehouse.TENANTS.get(2);

    List<Map<String, Object>> rows = worst("day", "signal", 100, tenant);

    assertThat(rows)
        .hasSize(truth.deviceIds(tenant).size())
        .allSatisfy(r -> assertThat(r.get("tenant_id")).isEqualTo(tenant));
  }

  private static Map<String, Object> outageRow(String tenant, Instant from, Instant to)
      throws Exception {
    return warehouse
        .run("coverage_and_gaps", Params.of("tenant_id", tenant, "from", from, "to", to))
        .stream()
        .filter(r -> r.get("device_id").equals(truth.outageDevice))
        .findFirst()
        .orElseThrow();
  }

  private static List<Map<String, Object>> worst(String window, String metric, int n, String tenant)
      throws Exception {
    return warehouse.run(
        "worst_devices",
        Params.of(
            "tenant_id", tenant, "window", window, "as_of", truth.now, "metric", metric, "n", n));
  }

  private static double weightedMeanOfDays(String id, Instant from) {
    double sum = 0;
    long count = 0;
    for (int d = 0; d < 7; d++) {
      Rollup r = truth.rollup(id, from.plusSeconds(d * DAY), DAY);
      if (r != null) {
        sum += r.rssiAvg() * r.readings();
        count += r.readings();
      }
    }
    return sum / count;
  }

  private static double mean(List<Reading> readings) {
    return readings.stream().mapToDouble(Reading::rssiDbm).average().orElseThrow();
  }

  private static long longestGap(List<Reading> readings, Instant from, Instant to) {
    if (readings.isEmpty()) {
      return to.getEpochSecond() - from.getEpochSecond();
    }
    long longest = readings.get(0).ts().getEpochSecond() - from.getEpochSecond();
    for (int i = 1; i < readings.size(); i++) {
      longest =
          Math.max(
              longest,
              readings.get(i).ts().getEpochSecond() - readings.get(i - 1).ts().getEpochSecond());
    }
    return Math.max(
        longest, to.getEpochSecond() - readings.get(readings.size() - 1).ts().getEpochSecond());
  }

  private static long timeouts(String id, Instant from) {
    return truth.activities(id).stream()
        .filter(a -> a.type().equals("TIMEOUT"))
        .map(Activity::ts)
        .filter(ts -> !ts.isBefore(from) && ts.isBefore(truth.now))
        .count();
  }
}
