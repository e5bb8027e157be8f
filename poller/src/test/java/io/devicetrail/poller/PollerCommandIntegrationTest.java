package io.devicetrail.poller;

import static org.assertj.core.api.Assertions.assertThat;

import io.devicetrail.events.Topics;
import io.devicetrail.localservices.LocalKafka;
import io.devicetrail.poller.cursor.JournalCursorStore;
import io.devicetrail.poller.testing.ContractTopics;
import io.devicetrail.poller.testing.SimulatedTime;
import io.devicetrail.poller.testing.TopicContents;
import io.devicetrail.simulator.ManualClock;
import io.devicetrail.simulator.SimulatorConfig;
import io.devicetrail.simulator.SimulatorServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command as an operator runs it, against the real simulator and a real Kafka broker. */
class PollerCommandIntegrationTest {
  @TempDir Path dir;

  @Test
  void pollsOnceIntoKafkaWithTheTokenFromAFileAndLeavesCursorsInTheJournal() throws Exception {
    // The simulator's clock stands still at a fixed instant; the poller runs on the same clock.
    // Two days of history: every device (sleeping at most a day) has uploaded something.
    ManualClock clock = new ManualClock(Instant.parse("2026-11-02T12:00:00Z"));
    try (LocalKafka kafka = LocalKafka.start(dir.resolve("kafka"));
        SimulatorServer simulator =
            SimulatorServer.start(
                SimulatorConfig.builder()
                    .deviceCount(5)
                    .clock(clock)
                    .historyStart(clock.now().minus(Duration.ofDays(2)))
                    .token("file-token-123")
                    .build())) {
      ContractTopics.create(kafka, 1);
      Path tokenFile = Files.writeString(dir.resolve("token"), "file-token-123\n");
      Path stateDir = dir.resolve("state");

      int exit =
          PollerMain.execute(
              new String[] {
                "--once",
                "--api-url",
                simulator.baseUrl().toString(),
                "--api-token-file",
                tokenFile.toString(),
                "--state-dir",
                stateDir.toString(),
                "--progress-interval",
                "0s",
                "--metrics-port",
                "0"
              },
              Map.of("DEVICETRAIL_POLLER_KAFKA_BOOTSTRAP", kafka.bootstrapServers()),
              new SimulatedTime(clock));

      assertThat(exit).isZero();
      assertThat(TopicContents.read(kafka.bootstrapServers(), Topics.DEVICE).byKey())
          .containsOnlyKeys(simulator.fleet().deviceIds());
      long visible =
          simulator.fleet().deviceIds().stream()
              .mapToLong(id -> simulator.fleet().readingsVisible(id, clock.now()).size())
              .sum();
      assertThat(visible).isPositive();
      assertThat(TopicContents.read(kafka.bootstrapServers(), Topics.SIGNAL).size())
          .isEqualTo(visible);
      try (JournalCursorStore cursors = JournalCursorStore.open(stateDir)) {
        assertThat(cursors.all()).containsOnlyKeys(simulator.fleet().deviceIds());
      }
    }
  }
}
