package io.devicetrail.jobs.rollup;

import static io.devicetrail.jobs.rollup.TestReadings.every;
import static io.devicetrail.jobs.rollup.TestReadings.reading;
import static io.devicetrail.jobs.rollup.TestReadings.snapshot;
import static org.assertj.core.api.Assertions.assertThat;

import io.devicetrail.connectors.warehouse.model.RollupTier;
import io.devicetrail.connectors.warehouse.model.SignalRollup;
import io.devicetrail.events.SignalReading;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.junit.jupiter.api.Test;

class DeviceRollupFunctionTest {

  private static final Instant DAY0 = Instant.parse("2026-11-02T00:00:00Z");
  private static final Duration MIN5 = Duration.ofMinutes(5);
  private static final Duration MIN15 = Duration.ofMinutes(15);

  @Test
  void sleeperUploadingTenHoursAtOnceGetsTenHourlyRowsEachWrittenOnceNoneLate() throws Exception {
    try (RollupHarness h = new RollupHarness(RollupOptions.defaults(), DAY0)) {
      Instant uploadAt = DAY0.plus(Duration.ofHours(10)).plusSeconds(30);
      h.upload(uploadAt, every("sleeper", DAY0, MIN15, 40, uploadAt));
      h.advanceTo(uploadAt.plus(Duration.ofHours(1)));

      List<SignalRollup> hourly = h.rows(RollupTier.HOUR, "sleeper");
      assertThat(hourly).hasSize(10);
      assertThat(hourly)
          .extracting(SignalRollup::bucketStart)
          .containsExactlyElementsOf(
              List.of(0, 1, 2, 3, 4, 5, 6, 7, 8, 9).stream()
                  .map(i -> DAY0.plus(Duration.ofHours(i)))
                  .toList());
      assertThat(hourly)
          .allSatisfy(
              r -> {
                assertThat(r.readings()).isEqualTo(4);
                assertThat(r.revision()).isEqualTo(1);
                assertThat(r.lateReadings()).isZero();
                assertThat(r.maxLatenessS()).isZero();
                assertThat(r.isFinal()).isFalse();
                assertThat(r.expectedReadings()).isEqualTo(4);
              });
      assertThat(h.metrics().provisionalRows())
          .as("only the still-open day is provisional")
          .isEqualTo(1);
    }
  }

  @Test
  void splitHourIsWrittenProvisionallyThenRevisedIntoOneRow() throws Exception {
    try (RollupHarness h = new RollupHarness(RollupOptions.defaults(), DAY0)) {
      h.device(snapshot("split", 300, DAY0));
      Instant hour = DAY0.plus(Duration.ofHours(10));
      Instant firstUpload = hour.plus(Duration.ofMinutes(26));
      h.upload(firstUpload, every("split", hour, MIN5, 6, firstUpload));
      assertThat(h.rows(RollupTier.HOUR, "split")).isEmpty();

      // overdue by the inactivity delay: next reading was due 5 minutes after the last arrival
      h.advanceTo(firstUpload.plus(Duration.ofMinutes(5 + 15)).minusSeconds(1));
      assertThat(h.rows(RollupTier.HOUR, "split")).isEmpty();
      h.advanceTo(firstUpload.plus(Duration.ofMinutes(5 + 15)));
      List<SignalRollup> provisional = h.rows(RollupTier.HOUR, "split");
      assertThat(provisional).hasSize(1);
      assertThat(provisional.get(0).isFinal()).isFalse();
      assertThat(provisional.get(0).revision()).isEqualTo(1);
      assertThat(provisional.get(0).readings()).isEqualTo(6);

      Instant secondUpload = hour.plus(Duration.ofHours(1)).plusSeconds(10);
      h.upload(
          secondUpload, every("split", hour.plus(Duration.ofMinutes(30)), MIN5, 6, secondUpload));

      List<SignalRollup> rows = h.rows(RollupTier.HOUR, "split");
      assertThat(rows).hasSize(2);
      SignalRollup revised = rows.get(1);
      assertThat(revised.bucketStart()).isEqualTo(hour);
      assertThat(revised.revision()).isEqualTo(2);
      assertThat(revised.readings()).isEqualTo(12);
      assertThat(revised.expectedReadings()).isEqualTo(12);
      assertThat(revised.lateReadings()).isEqualTo(6);
      // the oldest late reading (10:30) was fetched at 11:00:10
      assertThat(revised.maxLatenessS()).isEqualTo(30 * 60 + 10);
      assertThat(h.metrics().revisions()).isEqualTo(1);
    }
  }

  @Test
  void duplicateReadingsNeverCountTwice() throws Exception {
    try (RollupHarness h = new RollupHarness(RollupOptions.defaults(), DAY0)) {
      Instant at = DAY0.plus(Duration.ofMinutes(31));
      List<SignalReading> first = every("dup", DAY0, MIN5, 6, at);
      List<SignalReading> twice = new ArrayList<>(first);
      twice.addAll(first);
      h.upload(at, twice);
      // the poller re-publishes after a retry: the same six, then three new ones
      Instant retry = DAY0.plus(Duration.ofMinutes(41));
      h.upload(retry, every("dup", DAY0, MIN5, 9, retry));
      // then everything once more, up to the hour's last reading
      Instant replay = DAY0.plus(Duration.ofMinutes(55)).plusSeconds(30);
      h.upload(replay, every("dup", DAY0, MIN5, 12, replay));

      List<SignalRollup> hour =
          h.rows(RollupTier.HOUR, "dup").stream()
              .filter(r -> r.bucketStart().equals(DAY0))
              .toList();
      assertThat(hour).hasSize(1);
      assertThat(hour.get(0).readings()).isEqualTo(12);
      assertThat(hour.get(0).lateReadings()).isZero();
      assertThat(h.metrics().duplicatesDropped()).isEqualTo(6 + 6 + 9);
      assertThat(h.metrics().readingsIn()).isEqualTo(12 + 9 + 12);
    }
  }

  @Test
  void readingBeyondTheHorizonIsCountedAndLeavesFinalRowsAlone() throws Exception {
    RollupOptions options = RollupOptions.builder().horizon(Duration.ofDays(1)).build();
    try (RollupHarness h = new RollupHarness(options, DAY0)) {
      Instant at = DAY0.plus(Duration.ofDays(3)).plusSeconds(20);
      h.upload(at, every("old", DAY0, Duration.ofHours(1), 72, at));
      int written = h.rows().size();
      SignalRollup dayZero = h.latestRows().get("DAY|old|" + DAY0);
      assertThat(dayZero.isFinal()).isTrue();

      Instant stale = DAY0.plus(Duration.ofMinutes(30));
      h.upload(at.plusSeconds(60), List.of(reading("old", stale, -50, at.plusSeconds(60))));

      assertThat(h.metrics().beyondHorizonReadings()).isEqualTo(1);
      assertThat(h.rows()).hasSize(written);
      assertThat(h.latestRows().get("DAY|old|" + DAY0)).isEqualTo(dayZero);
    }
  }

  @Test
  void rowsTurnFinalOnceTheDevicesOwnClockIsAHorizonPastTheirEnd() throws Exception {
    RollupOptions options = RollupOptions.builder().horizon(Duration.ofDays(1)).build();
    try (RollupHarness h = new RollupHarness(options, DAY0)) {
      Instant first = DAY0.plus(Duration.ofHours(6));
      h.upload(first, every("fin", DAY0, Duration.ofMinutes(30), 12, first));
      assertThat(h.rows(RollupTier.HOUR, "fin")).allSatisfy(r -> assertThat(r.isFinal()).isFalse());

      // the device's clock moves to day 1 05:30: hours ending by day 0 05:30 are a horizon old
      Instant newest = DAY0.plus(Duration.ofHours(29)).plus(Duration.ofMinutes(30));
      Instant second = newest.plusSeconds(30);
      h.upload(second, List.of(reading("fin", newest, -60, second)));

      List<SignalRollup> hourZero =
          h.rows(RollupTier.HOUR, "fin").stream()
              .filter(r -> r.bucketStart().equals(DAY0))
              .toList();
      assertThat(hourZero).extracting(SignalRollup::isFinal).containsExactly(false, true);
      assertThat(hourZero).extracting(SignalRollup::revision).containsExactly(1, 1);
      assertThat(hourZero.get(1).readings()).isEqualTo(hourZero.get(0).readings());
      assertThat(h.latestRows())
          .hasEntrySatisfying(
              "HOUR|fin|" + DAY0.plus(Duration.ofHours(4)), r -> assertThat(r.isFinal()).isTrue())
          .hasEntrySatisfying(
              "HOUR|fin|" + DAY0.plus(Duration.ofHours(5)), r -> assertThat(r.isFinal()).isFalse())
          .hasEntrySatisfying("DAY|fin|" + DAY0, r -> assertThat(r.isFinal()).isFalse());
    }
  }

  @Test
  void silentDeviceIsFinalizedAndItsStateDroppedAfterTheIdleTimeout() throws Exception {
    RollupOptions options = RollupOptions.defaults();
    try (RollupHarness h = new RollupHarness(options, DAY0)) {
      h.device(snapshot("quiet", 900, DAY0));
      Instant at = DAY0.plus(Duration.ofHours(5)).plusSeconds(300);
      h.upload(at, every("quiet", DAY0, MIN15, 19, at)); // up to 04:30: hour 04 stays open
      assertThat(h.stateEntries()).isPositive();

      h.advanceTo(at.plus(options.idleTimeout()).minusSeconds(1));
      assertThat(h.stateEntries()).isPositive();
      assertThat(h.metrics().openBuckets()).isEqualTo(5 + 1);

      h.advanceTo(at.plus(options.idleTimeout()));
      assertThat(h.stateEntries()).isZero();
      assertThat(h.metrics().openBuckets()).isZero();
      assertThat(h.latestRows().values())
          .hasSize(5 + 1)
          .allSatisfy(r -> assertThat(r.isFinal()).isTrue());
      SignalRollup lastHour = h.latestRows().get("HOUR|quiet|" + DAY0.plus(Duration.ofHours(4)));
      assertThat(lastHour.readings()).isEqualTo(3);
      assertThat(lastHour.revision())
          .as("provisional row, then only the finality flip")
          .isEqualTo(1);
    }
  }

  @Test
  void activeDeviceStateStaysBoundedByTheHorizon() throws Exception {
    RollupOptions options = RollupOptions.builder().horizon(Duration.ofDays(2)).build();
    try (RollupHarness h = new RollupHarness(options, DAY0)) {
      long afterFiveDays = 0;
      for (int day = 0; day < 20; day++) {
        Instant start = DAY0.plus(Duration.ofDays(day));
        Instant at = start.plus(Duration.ofDays(1)).plusSeconds(10);
        h.upload(at, every("busy", start, Duration.ofHours(1), 24, at));
        if (day == 4) {
          afterFiveDays = RollupStateSize.keyedStateBytes(h.snapshot(day));
        }
      }
      long afterTwentyDays = RollupStateSize.keyedStateBytes(h.snapshot(20));
      assertThat(afterTwentyDays).isBetween(afterFiveDays * 9 / 10, afterFiveDays * 11 / 10);
      // newest ts is day 19 23:00, a horizon before is day 17 23:00: hours ending later (day 17
      // 23:00 and all of days 18, 19) and days 17, 18, 19 can still change
      assertThat(h.metrics().openBuckets()).isEqualTo(1 + 24 + 24 + 3);
    }
  }

  @Test
  void restoredOperatorContinuesExactlyLikeAnUninterruptedOne() throws Exception {
    RollupOptions options = RollupOptions.defaults();
    List<SignalRollup> uninterrupted;
    try (RollupHarness h = new RollupHarness(options, DAY0)) {
      feedRestartScenario(h, 0, 3);
      uninterrupted = h.rows();
    }
    OperatorSubtaskState checkpoint;
    List<SignalRollup> beforeFailure;
    try (RollupHarness h = new RollupHarness(options, DAY0)) {
      feedRestartScenario(h, 0, 1);
      checkpoint = h.snapshot(1);
      beforeFailure = h.rows();
    }
    try (RollupHarness restored = new RollupHarness(options, DAY0, checkpoint)) {
      feedRestartScenario(restored, 1, 3);
      List<SignalRollup> all = new ArrayList<>(beforeFailure);
      all.addAll(restored.rows());
      assertThat(all).isEqualTo(uninterrupted);
    }
  }

  /** Uploads {@code from..to-1} of a device with 7-minute readings uploading every 5 hours. */
  private static void feedRestartScenario(RollupHarness h, int from, int to) throws Exception {
    for (int upload = from; upload < to; upload++) {
      Instant start = DAY0.plus(Duration.ofHours(5L * upload));
      Instant at = start.plus(Duration.ofHours(5)).plusSeconds(3);
      List<SignalReading> readings = new ArrayList<>();
      for (Instant ts = start;
          ts.isBefore(start.plus(Duration.ofHours(5)));
          ts = ts.plusSeconds(420)) {
        readings.add(reading("restart", ts, -80 + (ts.getEpochSecond() % 13), at));
      }
      h.upload(at, readings);
      h.advanceTo(at.plus(Duration.ofMinutes(20)));
    }
  }
}
