package io.devicetrail.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class DurationsTest {

  @Test
  void preciseShowsTheTwoLargestUnits() {
    assertThat(Durations.precise(Duration.ofMinutes(130))).isEqualTo("2 h 10 min");
    assertThat(Durations.precise(Duration.ofHours(76))).isEqualTo("3 d 4 h");
    assertThat(Durations.precise(Duration.ofDays(2))).isEqualTo("2 d");
    assertThat(Durations.precise(Duration.ofHours(5))).isEqualTo("5 h");
    assertThat(Durations.precise(Duration.ofSeconds(754))).isEqualTo("12 min");
    assertThat(Durations.precise(Duration.ofSeconds(40))).isEqualTo("40 s");
    assertThat(Durations.precise(Duration.ofMinutes(-30))).isEqualTo("30 min");
  }

  @Test
  void approxRoundsACadenceToOneUnit() {
    assertThat(Durations.approx(21_600)).isEqualTo("~6 h");
    assertThat(Durations.approx(20_000)).isEqualTo("~6 h");
    assertThat(Durations.approx(600)).isEqualTo("~10 min");
    assertThat(Durations.approx(60)).isEqualTo("~60 s");
    assertThat(Durations.approx(3_600)).isEqualTo("~60 min");
    assertThat(Durations.approx(7_200)).isEqualTo("~2 h");
    assertThat(Durations.approx(172_800)).isEqualTo("~2 d");
  }

  @Test
  void relativeSaysInForTheFutureAndAgoForThePast() {
    Instant now = Instant.parse("2026-11-26T10:00:00Z");
    assertThat(Durations.relative(now.plusSeconds(7_800), now)).isEqualTo("in 2 h 10 min");
    assertThat(Durations.relative(now.minusSeconds(180), now)).isEqualTo("3 min ago");
  }

  @Test
  void timestampsAreShownInUtcToTheMinute() {
    assertThat(Durations.utc(Instant.parse("2026-11-26T10:05:59Z")))
        .isEqualTo("2026-11-26 10:05 UTC");
    assertThat(Durations.utc(null)).isEqualTo("never");
  }
}
