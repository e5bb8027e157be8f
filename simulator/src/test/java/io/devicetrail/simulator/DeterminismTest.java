package io.devicetrail.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class DeterminismTest {

  static final Instant NOW = Instant.parse("2026-02-01T08:00:00Z");

  SimulatorConfig config(long seed) {
    return SimulatorConfig.builder()
        .seed(seed)
        .deviceCount(50)
        .clock(new ManualClock(NOW))
        .historyStart(NOW.minus(Duration.ofDays(2)))
        .badReadingRate(0.01)
        .build();
  }

  /** Everything a poller would read from one server, as raw response bodies. */
  List<String> crawl(SimulatorServer server) {
    ApiClient api = new ApiClient(server);
    List<String> bodies = new ArrayList<>();
    bodies.add(api.get("/v1/devices?limit=1000").body());
    for (String id : server.fleet().deviceIds()) {
      bodies.add(api.get("/v1/devices/" + id + "/signal?limit=5000").body());
      bodies.add(api.get("/v1/devices/" + id + "/activity?limit=5000").body());
    }
    return bodies;
  }

  @Test
  void twoServersWithTheSameSeedServeByteIdenticalData() {
    try (SimulatorServer a = SimulatorServer.start(config(1234));
        SimulatorServer b = SimulatorServer.start(config(1234))) {
      assertThat(a.baseUrl()).isNotEqualTo(b.baseUrl());
      List<String> fromA = crawl(a);
      assertThat(crawl(b)).isEqualTo(fromA);
      assertThat(String.join("", fromA)).contains("\"readings\":[{", "\"events\":[{");
    }
  }

  @Test
  void differentSeedsGiveDifferentFleets() {
    try (SimulatorServer a = SimulatorServer.start(config(1234));
        SimulatorServer b = SimulatorServer.start(config(4321))) {
      List<String> fromA = crawl(a);
      List<String> fromB = crawl(b);
      int same = 0;
      for (int i = 0; i < fromA.size(); i++) if (fromA.get(i).equals(fromB.get(i))) same++;
      assertThat(same).isLessThan(fromA.size() / 20);
    }
  }

  @Test
  void aDevicesHistoryDoesNotDependOnTheFleetSizeOrOnWhenItIsAsked() {
    Fleet small = Fleet.of(config(99));
    Fleet large = Fleet.of(config(99).toBuilder().deviceCount(5000).build());
    for (String id : small.deviceIds()) {
      List<Reading> later = large.readingsVisible(id, NOW);
      List<Reading> earlier = small.readingsVisible(id, NOW.minus(Duration.ofHours(20)));
      assertThat(later).startsWith(earlier.toArray(Reading[]::new));
      assertThat(large.activitiesVisible(id, NOW)).isEqualTo(small.activitiesVisible(id, NOW));
    }
  }
}
