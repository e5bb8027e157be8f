package io.devicetrail.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.devicetrail.events.EventCodec;
import io.devicetrail.events.SignalReading;
import io.devicetrail.events.Topics;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.flink.core.execution.JobClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The job stops mid-stream (cancelled between two checkpoints, with results written since the last
 * one) and a new job resumes from the retained checkpoint: nothing is missing and nothing is
 * duplicated, in the archive or in PostgreSQL.
 */
class JobRestartTest {

  @TempDir Path dir;

  @Test
  void aJobResumedFromItsCheckpointLosesAndDuplicatesNothing() throws Exception {
    try (JobHarness harness = new JobHarness(dir)) {
      List<SignalReading> all = TestFleet.readings(30, 120);
      List<SignalReading> first = all.subList(0, all.size() / 2);
      List<SignalReading> second = all.subList(all.size() / 2, all.size());
      LocalJobRunner runner = harness.runner();
      JobSettings settings = harness.settings().withCheckpointInterval(Duration.ofSeconds(3));

      produce(harness, first);
      JobClient job =
          runner.start(
              ProductionWiring.sources(settings), ProductionWiring.sinks(settings), settings);
      harness.awaitRows("SELECT count(*) FROM signal_recent", first.size());
      await().atMost(Duration.ofSeconds(60)).until(() -> runner.latestCheckpoint().isPresent());

      // More data arrives; stop as soon as the job has written some of it, before it is committed.
      produce(harness, second);
      harness.awaitRows("SELECT count(*) FROM signal_recent", first.size() + 1);
      JobHarness.cancel(job);
      int archivedBeforeRestart = harness.archive().signals().size();
      Optional<Path> checkpoint = runner.latestCheckpoint();
      assertThat(checkpoint).isPresent();

      JobClient resumed =
          runner.start(
              ProductionWiring.sources(settings),
              ProductionWiring.sinks(settings),
              settings,
              checkpoint);
      try {
        harness.awaitRows("SELECT count(*) FROM signal_recent", all.size());
        harness.awaitArchivedSignals(all.size());
        // Let a few more checkpoints pass: a replay would show up as extra rows now.
        Thread.sleep(settings.checkpointInterval().multipliedBy(2).toMillis());

        List<SignalReading> archived = harness.archive().signals();
        assertThat(archivedBeforeRestart).isLessThan(all.size());
        assertThat(archived).hasSameSizeAs(all).containsExactlyInAnyOrderElementsOf(all);
        assertThat(harness.count("SELECT count(*) FROM signal_recent")).isEqualTo(all.size());
      } finally {
        JobHarness.cancel(resumed);
      }
    }
  }

  private static void produce(JobHarness harness, List<SignalReading> readings) {
    List<Object[]> kv = new ArrayList<>();
    readings.forEach(r -> kv.add(new Object[] {r.deviceId(), EventCodec.encode(r)}));
    harness.produceAll(Topics.SIGNAL, kv);
  }
}
