package io.devicetrail.poller;

import static org.assertj.core.api.Assertions.assertThat;

import io.devicetrail.events.EventCodec;
import io.devicetrail.events.Topics;
import io.devicetrail.poller.cursor.JournalCursorStore;
import io.devicetrail.poller.testing.RecordingPublisher;
import io.devicetrail.poller.testing.SimulatedTime;
import io.devicetrail.poller.vendor.ApiToken;
import io.devicetrail.poller.vendor.HttpVendorClient;
import io.devicetrail.poller.vendor.VendorApiConfig;
import io.devicetrail.simulator.ManualClock;
import io.devicetrail.simulator.SimulatorConfig;
import io.devicetrail.simulator.SimulatorServer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Adaptive scheduling against fixed 5-minute polling, on the same simulated fleet and day: both
 * deliver the same readings, adaptive with far fewer API calls (counted by the simulator) over 12
 * simulated hours. Kafka is replaced by an in-memory publisher here: the test is about the
 * schedule, and delivery through a real broker is covered by the integration tests.
 */
class AdaptivePollingTest {
  private static final int DEVICES = 60;
  private static final Instant START = Instant.parse("2026-11-01T00:00:00Z");

  @TempDir Path dir;

  private record Run(long requests, Set<String> readings, long expectedReadings) {}

  private Run run(PollerConfig config, String name) throws Exception {
    ManualClock clock = new ManualClock(START);
    RecordingPublisher publisher = new RecordingPublisher();
    try (SimulatorServer simulator =
            SimulatorServer.start(
                SimulatorConfig.builder()
                    .seed(11)
                    .deviceCount(DEVICES)
                    .clock(clock)
                    .historyStart(START.minus(Duration.ofHours(2)))
                    .sleepRange(Duration.ofMinutes(20), Duration.ofHours(12))
                    .build());
        JournalCursorStore cursors = JournalCursorStore.open(dir.resolve(name));
        Poller poller =
            new Poller(
                config,
                new HttpVendorClient(
                    VendorApiConfig.builder(simulator.baseUrl()).build(),
                    ApiToken.of(simulator.token())),
                publisher,
                cursors,
                new SimulatedTime(clock))) {
      for (int minute = 0; minute < 12 * 60; minute++) {
        clock.advance(Duration.ofMinutes(1));
        poller.runDue();
      }
      long requests = simulator.requestCount();
      long expected =
          simulator.fleet().deviceIds().stream()
              .mapToLong(id -> simulator.fleet().readingsVisible(id, clock.now()).size())
              .sum();
      // What is visible now but not yet fetched is picked up by one last sweep (not counted).
      poller.runOnce();
      Set<String> readings =
          publisher.acknowledged(Topics.SIGNAL).stream()
              .map(
                  s ->
                      s.key()
                          + "@"
                          + EventCodec.decodeSignal(s.value().getBytes(StandardCharsets.UTF_8))
                              .value()
                              .ts())
              .collect(Collectors.toSet());
      return new Run(requests, readings, expected);
    }
  }

  @Test
  void adaptivePollingDeliversTheSameReadingsWithFarFewerCallsThanPollingEveryFiveMinutes()
      throws Exception {
    Run fixed =
        run(
            PollerConfig.builder().adaptive(false).roundInterval(Duration.ofMinutes(5)).build(),
            "fixed");
    Run adaptive = run(PollerConfig.builder().build(), "adaptive");

    assertThat(adaptive.readings())
        .isEqualTo(fixed.readings())
        .hasSize((int) fixed.expectedReadings());
    assertThat(adaptive.requests()).isLessThan(fixed.requests() / 3);
  }
}
