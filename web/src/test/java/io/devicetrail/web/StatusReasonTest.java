package io.devicetrail.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class StatusReasonTest {

  private static final Instant NOW = Instant.parse("2026-11-26T12:00:00Z");

  private static DeviceState device(
      Status status, Integer intervalS, Integer gapS, Instant lastUpload, Instant nextDue) {
    return new DeviceState(
        "dev-1",
        "acme",
        null,
        null,
        null,
        null,
        status,
        lastUpload,
        -80.0,
        5.0,
        "c1",
        3600,
        null,
        null,
        null,
        intervalS,
        gapS,
        nextDue,
        lastUpload,
        NOW);
  }

  @Test
  void anAsleepDeviceSaysItsCadenceAndWhenItIsDue() {
    DeviceState d =
        device(Status.ASLEEP, 600, 21_600, NOW.minusSeconds(3 * 3600), NOW.plusSeconds(7_800));
    assertThat(StatusReason.explain(d))
        .isEqualTo("asleep: uploads every ~6 h, next upload due in 2 h 10 min");
  }

  @Test
  void anOverdueDeviceSaysHowLongAgoItWasDue() {
    DeviceState d =
        device(Status.OVERDUE, 300, 3_600, NOW.minusSeconds(5_400), NOW.minusSeconds(1_800));
    assertThat(StatusReason.explain(d))
        .isEqualTo("overdue: uploads every ~60 min, next upload was due 30 min ago");
  }

  @Test
  void aSilentDeviceSaysHowLongItHasBeenQuiet() {
    DeviceState d = device(Status.SILENT, 900, 3_600, NOW.minusSeconds(5 * 86_400 + 7_200), null);
    assertThat(StatusReason.explain(d))
        .isEqualTo(
            "silent: nothing since 5 d 2 h, more than 3× its usual gap (uploads every ~60 min)");
  }

  @Test
  void aStreamingDeviceIsAwakeWithItsSamplingInterval() {
    DeviceState d = device(Status.AWAKE, 60, 60, NOW.minusSeconds(20), NOW.plusSeconds(40));
    assertThat(StatusReason.explain(d))
        .isEqualTo("awake: streaming, a reading every ~60 s, last upload 20 s ago");
  }

  @Test
  void aSleeperThatJustUploadedIsAwake() {
    DeviceState d =
        device(Status.AWAKE, 600, 21_600, NOW.minusSeconds(120), NOW.plusSeconds(21_480));
    assertThat(StatusReason.explain(d)).isEqualTo("awake: uploaded 2 min ago, uploads every ~6 h");
  }

  @Test
  void aDeviceWithoutALearnedCadenceSaysSo() {
    DeviceState d = device(Status.ASLEEP, null, null, NOW.minusSeconds(600), null);
    assertThat(StatusReason.explain(d))
        .isEqualTo("asleep: cadence not learned yet, next upload due in 50 min");
  }

  @Test
  void aDeviceThatSentNothingIsUnknown() {
    DeviceState d = device(Status.UNKNOWN, null, null, null, null);
    assertThat(StatusReason.explain(d)).startsWith("unknown: no reading or activity");
  }
}
