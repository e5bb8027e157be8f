package io.devicetrail.simulator;

import static io.devicetrail.simulator.ApiClient.q;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** When readings and events become visible: in bursts at wake time for sleepers, in ts order. */
class VisibilityTest {

  static final Instant START = Instant.parse("2026-04-01T00:00:00Z");
  static final Duration POLL_EVERY = Duration.ofMinutes(5);

  SimulatorConfig config(ManualClock clock) {
    return SimulatorConfig.builder()
        .seed(3)
        .deviceCount(100)
        .clock(clock)
        .historyStart(START)
        .build();
  }

  String deviceWhere(Fleet fleet, boolean sleeps, long maxWakePeriodS) {
    return fleet.deviceIds().stream()
        .filter(
            id -> {
              DeviceInfo d = fleet.device(id, START);
              return d.sleeps() == sleeps
                  && d.wakePeriodS() <= maxWakePeriodS
                  && d.wakePeriodS() >= 2 * d.samplingIntervalS();
            })
        .findFirst()
        .orElseThrow();
  }

  @Test
  void aSleepersReadingsAppearOnlyAtItsWakesInBurstsAndInTsOrder() {
    ManualClock clock = new ManualClock(START);
    try (SimulatorServer server = SimulatorServer.start(config(clock))) {
      ApiClient api = new ApiClient(server);
      String id = deviceWhere(server.fleet(), true, 3 * 3600);
      DeviceInfo info = server.fleet().device(id, START);

      // Poll like the poller: every 5 simulated minutes, since = the last ts seen.
      Map<Instant, Instant> firstSeenAt = new LinkedHashMap<>();
      List<Integer> batchSizes = new ArrayList<>();
      Instant lastTs = null;
      Instant end = START.plus(Duration.ofHours(18));
      while (clock.now().isBefore(end)) {
        clock.advance(POLL_EVERY);
        String since = lastTs == null ? "" : "&since=" + q(lastTs);
        JsonNode page = api.getOk("/v1/devices/" + id + "/signal?limit=5000" + since);
        JsonNode readings = page.get("readings");
        if (readings.size() > 0) batchSizes.add(readings.size());
        for (JsonNode r : readings) {
          Instant ts = Instant.parse(r.get("ts").textValue());
          if (lastTs != null) assertThat(ts).isAfter(lastTs);
          assertThat(ts).isBeforeOrEqualTo(clock.now());
          firstSeenAt.put(ts, clock.now());
          lastTs = ts;
        }
      }

      List<Reading> truth = server.fleet().readingsVisible(id, end);
      assertThat(firstSeenAt.keySet())
          .containsExactlyElementsOf(truth.stream().map(Reading::ts).toList());
      for (Reading r : truth) {
        // Seen at the first poll at or after the upload, never before it.
        assertThat(firstSeenAt.get(r.ts()))
            .isAfterOrEqualTo(r.visibleAt())
            .isBefore(r.visibleAt().plus(POLL_EVERY));
        assertThat(server.fleet().readingsVisible(id, r.visibleAt().minusSeconds(1)))
            .doesNotContain(r);
        assertThat(server.fleet().readingsVisible(id, r.visibleAt())).contains(r);
      }
      // Uploads happen at wakes: few distinct upload times, a whole number of wake periods apart.
      TreeSet<Instant> uploads = new TreeSet<>(truth.stream().map(Reading::visibleAt).toList());
      assertThat(uploads.size()).isLessThanOrEqualTo((int) (18 * 3600 / info.wakePeriodS()) + 1);
      Instant previous = null;
      for (Instant u : uploads) {
        if (previous != null) {
          assertThat(Duration.between(previous, u).toSeconds() % info.wakePeriodS()).isZero();
        }
        previous = u;
      }
      assertThat(batchSizes).anyMatch(n -> n > 1);
    }
  }

  @Test
  void anAlwaysConnectedDevicesReadingsAppearWithinOneIntervalOfTheirTs() {
    ManualClock clock = new ManualClock(START.plus(Duration.ofHours(12)));
    Fleet fleet = Fleet.of(config(clock));
    String id = deviceWhere(fleet, false, Long.MAX_VALUE);
    DeviceInfo info = fleet.device(id, clock.now());
    List<Reading> readings = fleet.readingsVisible(id, clock.now());
    assertThat(readings).hasSizeGreaterThan(10);
    for (Reading r : readings) {
      assertThat(Duration.between(r.ts(), r.visibleAt()).toSeconds())
          .isBetween(1L, (long) info.samplingIntervalS());
    }
  }

  @Test
  void activityOfAWakeBecomesVisibleWithTheReadingsAroundIt() {
    ManualClock clock = new ManualClock(START.plus(Duration.ofDays(2)));
    Fleet fleet = Fleet.of(config(clock));
    for (String id : fleet.deviceIds().subList(0, 40)) {
      DeviceInfo info = fleet.device(id, clock.now());
      List<Activity> events = fleet.activitiesVisible(id, clock.now());
      List<Reading> readings = fleet.readingsVisible(id, clock.now());
      for (Activity a : events) {
        assertThat(a.visibleAt()).isAfterOrEqualTo(a.ts()).isBeforeOrEqualTo(clock.now());
        if (!info.sleeps()) continue;
        // Every reading taken up to this event is visible no later than the event.
        readings.stream()
            .filter(r -> !r.ts().isAfter(a.ts()))
            .forEach(r -> assertThat(r.visibleAt()).isBeforeOrEqualTo(a.visibleAt()));
        readings.stream()
            .filter(r -> r.ts().isAfter(a.ts()))
            .forEach(r -> assertThat(r.visibleAt()).isAfterOrEqualTo(a.visibleAt()));
      }
    }
  }

  @Test
  void nothingIsVisibleBeforeItsTsNorLaterThanTheSimulatedNow() {
    ManualClock clock = new ManualClock(START.plus(Duration.ofDays(1)));
    Fleet fleet = Fleet.of(config(clock));
    for (String id : fleet.deviceIds()) {
      for (Reading r : fleet.readingsVisible(id, clock.now())) {
        assertThat(r.ts()).isBeforeOrEqualTo(r.visibleAt());
        assertThat(r.visibleAt()).isBeforeOrEqualTo(clock.now());
      }
    }
  }
}
