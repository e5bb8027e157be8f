package io.devicetrail.poller.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import io.devicetrail.poller.schedule.DeviceTable.Visit;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class DeviceTableTest {
  private static final long T0 = 1_800_000_000_000L;

  /**
   * A sleeper that takes a reading every {@code intervalS} and uploads its buffer every {@code
   * gapS}; the table is polled whenever it says the device is due. Returns, per upload, how long it
   * stayed unfetched, and counts the signal polls.
   */
  private static final class Sleeper {
    final long intervalS;
    final long gapS;
    long fetchedUpTo = T0 / 1000 - 3600;
    int polls;
    final List<Long> staleness = new ArrayList<>();

    Sleeper(long intervalS, long gapS) {
      this.intervalS = intervalS;
      this.gapS = gapS;
    }

    long lastUploadAt(long nowS) {
      return nowS - Math.floorMod(nowS - T0 / 1000, gapS);
    }

    FeedResult poll(long nowS) {
      polls++;
      long visibleUpTo = lastUploadAt(nowS);
      long first = (fetchedUpTo / intervalS + 1) * intervalS;
      if (first > visibleUpTo) {
        return new FeedResult(0, 0, 0);
      }
      long last = visibleUpTo / intervalS * intervalS;
      int n = (int) ((last - first) / intervalS + 1);
      staleness.add(nowS - visibleUpTo);
      fetchedUpTo = last;
      return new FeedResult(n, first, last);
    }
  }

  private static Sleeper drive(DeviceTable table, Sleeper device, Duration total) {
    table.upsert("dev-1", "acme", null, 1, T0);
    for (long now = T0; now < T0 + total.toMillis(); now += 10_000) {
      Visit visit = table.takeDue(now);
      if (visit == null) {
        continue;
      }
      FeedResult signal = visit.signal() ? device.poll(now / 1000) : null;
      FeedResult activity = visit.activity() ? new FeedResult(0, 0, 0) : null;
      table.finish(visit, signal, activity, false, false, now);
    }
    return device;
  }

  @Test
  void learnsAThreeHourUploadRhythmAndPollsRightAfterEachUpload() {
    DeviceTable table = new DeviceTable(ScheduleSettings.adaptiveDefaults());
    Sleeper device = drive(table, new Sleeper(600, 3 * 3600), Duration.ofDays(3));

    assertThat(table.samplingIntervalS("dev-1")).isEqualTo(600);
    assertThat(table.uploadGapS("dev-1")).isBetween(3 * 3600 - 900, 3 * 3600 + 900);
    // 24 uploads in three days. With the 60-minute ceiling, three polls per upload are the least.
    assertThat(device.polls).isLessThan(24 * 5);
    List<Long> lastDay =
        device.staleness.subList(device.staleness.size() - 8, device.staleness.size());
    assertThat(lastDay).allSatisfy(s -> assertThat(s).isLessThan(15 * 60));
  }

  @Test
  void pollsAnAlwaysConnectedDeviceAtTheFloorAndAFixedScheduleAtItsInterval() {
    DeviceTable adaptive = new DeviceTable(ScheduleSettings.adaptiveDefaults());
    Sleeper chatty = drive(adaptive, new Sleeper(60, 60), Duration.ofHours(10));
    // The 5-minute floor bounds the calls.
    assertThat(chatty.polls).isBetween(100, 125);

    DeviceTable fixed = new DeviceTable(ScheduleSettings.fixed(Duration.ofMinutes(10)));
    Sleeper polled = drive(fixed, new Sleeper(600, 3 * 3600), Duration.ofHours(10));
    assertThat(polled.polls).isBetween(58, 62);
  }

  @Test
  void aDeviceThatFailsIsRetriedWithGrowingBackoffAndA404PausesItUntilListedAgain() {
    DeviceTable table = new DeviceTable(ScheduleSettings.adaptiveDefaults());
    table.upsert("dev-1", "acme", 300, 1, T0);
    long now = T0 + Duration.ofMinutes(6).toMillis();
    Visit first = table.takeDue(now);
    table.finish(first, null, null, true, false, now);
    long firstRetry = table.nextDueMs() - now;
    Visit second = table.takeDue(table.nextDueMs());
    table.finish(second, null, null, true, false, now);
    long secondRetry = table.nextDueMs() - now;
    assertThat(secondRetry).isGreaterThan(firstRetry);

    Visit third = table.takeDue(table.nextDueMs());
    table.finish(third, null, null, false, true, now);
    assertThat(table.nextDueMs()).isEqualTo(Long.MAX_VALUE);
    assertThat(table.paused()).isEqualTo(1);

    table.upsert("dev-1", "acme", 300, 2, now);
    assertThat(table.countDueBy(now + Duration.ofMinutes(5).toMillis())).isEqualTo(1);
  }

  @Test
  void keepsTheDueOrderForManyDevicesAndForgetsUnlistedOnes() {
    DeviceTable table = new DeviceTable(ScheduleSettings.adaptiveDefaults(), 16);
    for (int i = 0; i < 5_000; i++) {
      table.upsert("dev-" + i, "t" + (i % 3), null, 1, T0);
    }
    for (int i = 0; i < 5_000; i += 2) {
      table.upsert("dev-" + i, "t", null, 2, T0);
    }
    assertThat(table.removeUnlisted(2)).isEqualTo(2_500);
    assertThat(table.size()).isEqualTo(2_500);
    assertThat(table.contains("dev-1")).isFalse();
    assertThat(table.contains("dev-4998")).isTrue();

    long previous = Long.MIN_VALUE;
    int taken = 0;
    long end = T0 + Duration.ofMinutes(5).toMillis();
    for (Visit v = table.takeDue(end); v != null; v = table.takeDue(end)) {
      long due = table.signalDueMs(v.deviceId());
      assertThat(due).isGreaterThanOrEqualTo(previous);
      previous = due;
      taken++;
    }
    assertThat(taken).isEqualTo(2_500);
    assertThat(table.inFlight()).isEqualTo(2_500);
  }
}
