package io.devicetrail.poller;

import static org.assertj.core.api.Assertions.assertThat;

import io.devicetrail.localservices.LocalKafka;
import io.devicetrail.poller.cursor.CursorStore;
import io.devicetrail.poller.cursor.CursorTopic;
import io.devicetrail.poller.cursor.JournalCursorStore;
import io.devicetrail.poller.cursor.PublishingCursorStore;
import io.devicetrail.poller.publish.KafkaEventPublisher;
import io.devicetrail.poller.shard.ShardAssignment;
import io.devicetrail.poller.testing.ContractTopics;
import io.devicetrail.poller.testing.FleetAssertions;
import io.devicetrail.poller.testing.FleetAssertions.Delivered;
import io.devicetrail.poller.testing.SimulatedTime;
import io.devicetrail.poller.vendor.ApiToken;
import io.devicetrail.poller.vendor.HttpVendorClient;
import io.devicetrail.poller.vendor.VendorApiConfig;
import io.devicetrail.simulator.ManualClock;
import io.devicetrail.simulator.SimulatorConfig;
import io.devicetrail.simulator.SimulatorServer;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Replicas that split the fleet, against the simulator (which counts requests per device) and a
 * real Kafka broker with the compacted cursor topic.
 */
class ShardingIntegrationTest {
  private static final int DEVICES = 60;

  @TempDir Path dir;
  private LocalKafka kafka;

  @BeforeEach
  void startKafka() throws Exception {
    // A broker per test: each test checks the topics against its own fleet.
    kafka = LocalKafka.start(dir.resolve("kafka"));
    ContractTopics.create(kafka, 3);
    kafka.createTopics(Map.of(CursorTopic.NAME, 3), Set.of(CursorTopic.NAME));
  }

  @AfterEach
  void stopKafka() {
    if (kafka != null) {
      kafka.close();
    }
  }

  /** One replica as PollerMain wires it: local journal, cursor topic adopted and published. */
  private final class Replica implements AutoCloseable {
    final JournalCursorStore journal;
    final KafkaEventPublisher publisher;
    final Poller poller;
    final int adopted;

    Replica(Path state, ShardAssignment shard, SimulatorServer simulator, ManualClock clock)
        throws Exception {
      journal = JournalCursorStore.open(state);
      adopted =
          CursorTopic.adopt(
              journal,
              CursorTopic.read(
                  kafka.bootstrapServers(), new Properties(), shard::owns, Duration.ofSeconds(20)));
      publisher = KafkaEventPublisher.create(kafka.bootstrapServers(), new Properties());
      CursorStore cursors =
          new PublishingCursorStore(journal, publisher, shard.toString(), new SimulatedTime(clock));
      poller =
          new Poller(
              PollerConfig.builder().concurrency(4).pageLimit(200).build(),
              new HttpVendorClient(
                  VendorApiConfig.builder(simulator.baseUrl()).build(),
                  ApiToken.of(simulator.token())),
              publisher,
              cursors,
              new SimulatedTime(clock),
              shard);
    }

    @Override
    public void close() throws Exception {
      poller.close();
      publisher.close();
      journal.close();
    }
  }

  private SimulatorServer simulator(ManualClock clock, Instant start) {
    return SimulatorServer.start(
        SimulatorConfig.builder()
            .seed(77)
            .deviceCount(DEVICES)
            .clock(clock)
            .historyStart(start.minus(Duration.ofHours(6)))
            .badReadingRate(0.02)
            .countRequestsPerDevice(true)
            .build());
  }

  @Test
  void twoShardsTogetherPollEveryDeviceAndNoDeviceTwice() throws Exception {
    Instant start = Instant.parse("2026-11-02T00:00:00Z");
    ManualClock clock = new ManualClock(start);
    try (SimulatorServer simulator = simulator(clock, start)) {
      Set<String> byZero;
      try (Replica zero =
          new Replica(dir.resolve("r0"), new ShardAssignment(0, 2), simulator, clock)) {
        zero.poller.runOnce();
        byZero = new HashSet<>(simulator.requestsByDevice().keySet());
      }
      Set<String> byOne;
      try (Replica one =
          new Replica(dir.resolve("r1"), new ShardAssignment(1, 2), simulator, clock)) {
        one.poller.runOnce();
        byOne = new HashSet<>(simulator.requestsByDevice().keySet());
        byOne.removeAll(byZero);
      }

      assertThat(byZero).isNotEmpty().doesNotContainAnyElementsOf(byOne);
      Set<String> union = new TreeSet<>(byZero);
      union.addAll(byOne);
      assertThat(union).containsExactlyInAnyOrderElementsOf(simulator.fleet().deviceIds());
      // Roughly half each: rendezvous hashing spreads evenly.
      assertThat(byZero.size()).isBetween(DEVICES / 4, 3 * DEVICES / 4);
    }
  }

  @Test
  void goingFromTwoToThreeShardsLosesNothingAndRefetchesNothing() throws Exception {
    Instant start = Instant.parse("2026-11-02T00:00:00Z");
    ManualClock clock = new ManualClock(start);
    try (SimulatorServer simulator = simulator(clock, start)) {
      // Two replicas run for 6 simulated hours.
      try (Replica zero =
              new Replica(dir.resolve("r0"), new ShardAssignment(0, 2), simulator, clock);
          Replica one =
              new Replica(dir.resolve("r1"), new ShardAssignment(1, 2), simulator, clock)) {
        step(clock, Duration.ofHours(6), zero.poller, one.poller);
      }
      Map<String, Long> before = new HashMap<>(simulator.requestsByDevice());

      // Scaled to three: replicas 0 and 1 keep their state dirs, replica 2 starts empty.
      clock.advance(Duration.ofHours(2));
      int moved;
      try (Replica zero =
              new Replica(dir.resolve("r0"), new ShardAssignment(0, 3), simulator, clock);
          Replica one =
              new Replica(dir.resolve("r1"), new ShardAssignment(1, 3), simulator, clock);
          Replica two =
              new Replica(dir.resolve("r2"), new ShardAssignment(2, 3), simulator, clock)) {
        moved = two.adopted;
        step(clock, Duration.ofHours(6), zero.poller, one.poller, two.poller);
        for (Poller p : new Poller[] {zero.poller, one.poller, two.poller}) {
          p.runOnce();
        }
        assertThat(
                zero.poller.schedule().size()
                    + one.poller.schedule().size()
                    + two.poller.schedule().size())
            .isEqualTo(DEVICES);
      }

      assertThat(moved).as("devices replica 2 took over with their cursors").isPositive();
      Delivered delivered =
          FleetAssertions.assertKafkaHoldsEverythingVisible(
              kafka.bootstrapServers(), simulator.fleet(), clock.now());
      assertThat(delivered.readings()).isPositive();
      // Each device resumed from its cursor on its new replica: nothing was published twice.
      assertThat(delivered.duplicates()).isZero();
      assertThat(simulator.requestsByDevice().keySet()).containsAll(before.keySet());
    }
  }

  private static void step(ManualClock clock, Duration total, Poller... pollers)
      throws InterruptedException {
    for (long m = 0; m < total.toMinutes(); m++) {
      clock.advance(Duration.ofMinutes(1));
      for (Poller p : pollers) {
        p.runDue();
      }
    }
  }
}
