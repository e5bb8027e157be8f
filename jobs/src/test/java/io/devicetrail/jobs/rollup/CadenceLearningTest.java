package io.devicetrail.jobs.rollup;

import static io.devicetrail.jobs.rollup.TestReadings.every;
import static io.devicetrail.jobs.rollup.TestReadings.snapshot;
import static org.assertj.core.api.Assertions.assertThat;

import io.devicetrail.connectors.warehouse.model.DeviceCadence;
import io.devicetrail.connectors.warehouse.model.RollupTier;
import io.devicetrail.connectors.warehouse.model.SignalRollup;
import io.devicetrail.events.SignalReading;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class CadenceLearningTest {

  private static final Instant DAY0 = Instant.parse("2026-11-02T00:00:00Z");
  private static final Duration MIN15 = Duration.ofMinutes(15);
  private static final Duration SIX_HOURS = Duration.ofHours(6);

  @Test
  void fifteenMinuteDeviceUploadingEverySixHoursIsLearned() throws Exception {
    try (RollupHarness h = new RollupHarness(RollupOptions.defaults(), DAY0)) {
      Instant lastFetch = null;
      int[] pollJitterS = {12, 41, 3, 27, 35, 8};
      for (int upload = 0; upload < 6; upload++) {
        Instant from = DAY0.plus(SIX_HOURS.multipliedBy(upload));
        lastFetch = from.plus(SIX_HOURS).plusSeconds(pollJitterS[upload]);
        List<SignalReading> readings = every("sleepy", from, MIN15, 24, lastFetch);
        // the poller fetches one upload as three pages, a second apart
        for (int page = 0; page < 3; page++) {
          Instant pageAt = lastFetch.plusSeconds(page);
          h.upload(
              pageAt,
              readings.subList(page * 8, page * 8 + 8).stream()
                  .map(r -> TestReadings.reading(r.deviceId(), r.ts(), r.rssiDbm(), pageAt))
                  .toList());
        }
      }

      List<DeviceCadence> cadence = h.cadence();
      DeviceCadence last = cadence.get(cadence.size() - 1);
      assertThat(last.learnedIntervalS()).isEqualTo(900);
      assertThat(last.learnedUploadGapS()).isEqualTo(6 * 3600);
      assertThat(last.lastUploadAt()).isEqualTo(lastFetch);
      assertThat(last.nextUploadDueAt()).isEqualTo(lastFetch.plus(SIX_HOURS));
      assertThat(last.vendorIntervalS()).isNull();
      assertThat(cadence)
          .as("published once per upload, plus once when the interval was first learned")
          .hasSize(6 + 1);
      assertThat(cadence.stream().map(DeviceCadence::lastUploadAt).distinct())
          .as("three pages a second apart are one upload")
          .hasSize(6);
      assertThat(h.rows(RollupTier.HOUR, "sleepy"))
          .filteredOn(r -> r.bucketStart().isAfter(DAY0.plus(Duration.ofHours(1))))
          .allSatisfy(r -> assertThat(r.expectedReadings()).isEqualTo(4));
    }
  }

  @Test
  void vendorIntervalDecidesExpectedReadingsOverTheLearnedOne() throws Exception {
    try (RollupHarness h = new RollupHarness(RollupOptions.defaults(), DAY0)) {
      h.device(snapshot("vendor", 600, DAY0));
      Instant at = DAY0.plus(Duration.ofHours(4)).plusSeconds(20);
      h.upload(at, every("vendor", DAY0, MIN15, 16, at));
      h.upload(at, every("learned", DAY0, MIN15, 16, at));

      assertThat(h.rows(RollupTier.HOUR, "vendor"))
          .isNotEmpty()
          .allSatisfy(r -> assertThat(r.expectedReadings()).isEqualTo(6));
      SignalRollup learnedHour =
          h.latestRows().get("HOUR|learned|" + DAY0.plus(Duration.ofHours(2)));
      assertThat(learnedHour.expectedReadings()).isEqualTo(4);
      assertThat(learnedHour.coverage()).isEqualTo(1.0);

      DeviceCadence vendor =
          h.cadence().stream()
              .filter(c -> c.deviceId().equals("vendor"))
              .reduce((a, b) -> b)
              .orElseThrow();
      assertThat(vendor.vendorIntervalS()).isEqualTo(600);
      assertThat(vendor.learnedIntervalS()).isEqualTo(900);
      assertThat(vendor.effectiveIntervalS()).isEqualTo(600);
    }
  }
}
