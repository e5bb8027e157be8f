package io.devicetrail.poller;

import static org.assertj.core.api.Assertions.assertThat;

import io.devicetrail.localservices.LocalKafka;
import io.devicetrail.poller.cursor.JournalCursorStore;
import io.devicetrail.poller.publish.KafkaEventPublisher;
import io.devicetrail.poller.testing.ContractTopics;
import io.devicetrail.poller.testing.FleetAssertions;
import io.devicetrail.poller.testing.FleetAssertions.Delivered;
import io.devicetrail.poller.testing.SimulatedTime;
import io.devicetrail.poller.vendor.ApiToken;
import io.devicetrail.poller.vendor.HttpVendorClient;
import io.devicetrail.poller.vendor.VendorApiConfig;
import io.devicetrail.simulator.Faults;
import io.devicetrail.simulator.ManualClock;
import io.devicetrail.simulator.SimulatorConfig;
import io.devicetrail.simulator.SimulatorServer;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The adaptive poller against a simulator that misbehaves as the issue asks (10% 5xx, 5% 429, 2%
 * truncated bodies) and a real Kafka broker: what reaches Kafka is exactly what the API served.
 */
class FaultyApiIntegrationTest {
  @TempDir Path dir;

  private LocalKafka startKafkaWithTopics() throws Exception {
    LocalKafka kafka = LocalKafka.start(dir.resolve("kafka"));
    // Before any producer exists: a producer racing a topic's creation can stall on it.
    ContractTopics.create(kafka, 3);
    return kafka;
  }

  @Test
  void everyValidReadingReachesKafkaInOrderAndEveryBadOneIsDeadLetteredDespiteFaults()
      throws Exception {
    Instant start = Instant.parse("2026-11-02T00:00:00Z");
    ManualClock clock = new ManualClock(start);
    Faults faults =
        Faults.none()
            .withServerErrorRate(0.10)
            .withThrottleRate(0.05, Duration.ZERO)
            .withTruncateRate(0.02);
    try (LocalKafka kafka = startKafkaWithTopics();
        SimulatorServer simulator =
            SimulatorServer.start(
                SimulatorConfig.builder()
                    .seed(404)
                    .deviceCount(40)
                    .clock(clock)
                    .historyStart(start.minus(Duration.ofHours(6)))
                    .badReadingRate(0.03)
                    .sleepRange(Duration.ofMinutes(10), Duration.ofHours(8))
                    .faults(faults)
                    .build());
        KafkaEventPublisher publisher =
            KafkaEventPublisher.create(kafka.bootstrapServers(), new Properties());
        JournalCursorStore cursors = JournalCursorStore.open(dir.resolve("state"));
        Poller poller =
            new Poller(
                PollerConfig.builder().concurrency(8).pageLimit(50).build(),
                new HttpVendorClient(
                    VendorApiConfig.builder(simulator.baseUrl())
                        .maxAttempts(8)
                        .initialBackoff(Duration.ofMillis(5))
                        .maxBackoff(Duration.ofMillis(40))
                        .build(),
                    ApiToken.of(simulator.token())),
                publisher,
                cursors,
                new SimulatedTime(clock))) {
      // 12 simulated hours, the schedule stepped minute by minute; then one sweep of everything.
      for (int minute = 0; minute < 12 * 60; minute++) {
        clock.advance(Duration.ofMinutes(1));
        poller.runDue();
      }
      RoundResult last = poller.runOnce();

      assertThat(last.isClean()).as("last sweep %s", last).isTrue();
      Delivered delivered =
          FleetAssertions.assertKafkaHoldsEverythingVisible(
              kafka.bootstrapServers(), simulator.fleet(), clock.now());
      assertThat(delivered.readings()).isGreaterThan(1000);
      assertThat(delivered.deadLetters()).isPositive();
      assertThat(delivered.activities()).isPositive();
      // Faults were really met, and retried.
      assertThat(simulator.requestCount()).isGreaterThan(poller.stats().pagesFetched());
    }
  }
}
