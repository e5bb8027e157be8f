package io.devicetrail.jobs.rollup;

import io.devicetrail.connectors.warehouse.model.DeviceCadence;
import io.devicetrail.connectors.warehouse.model.RollupTier;
import io.devicetrail.events.DeviceSnapshot;
import io.devicetrail.events.SignalReading;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The rollup logic of one device for one input or timer: folds a reading into its hour and day,
 * decides which rows to write, and learns the cadence. Made per call around the device's state; the
 * Flink function stores the state back afterwards.
 *
 * <p>The device's clock is its newest {@code ts} ({@link DeviceState#newestTsMs}); nothing else
 * moves its buckets. With {@code edge = newest - horizon}:
 *
 * <ul>
 *   <li>a reading with {@code ts < edge} is beyond the horizon: counted, not rolled up;
 *   <li>a bucket is <em>final</em> once {@code end <= edge}: no acceptable reading can fall into it
 *       any more, so its row is written a last time with {@code is_final} true;
 *   <li>a bucket is <em>closed</em> once the device's clock reached its end, or once {@code newest
 *       + interval >= end} (the next reading falls into a later bucket); a closed bucket with new
 *       readings is written at once;
 *   <li>an open bucket with new readings is written, provisionally, only by {@link
 *       #writeProvisional()} after the inactivity delay.
 * </ul>
 */
final class DeviceRollup {

  enum Outcome {
    ACCEPTED,
    DUPLICATE,
    BEYOND_HORIZON
  }

  private static final long NONE = DeviceState.NONE;

  private final RollupOptions options;
  private final RollupMetrics metrics;
  private final String deviceId;
  private final DeviceState state;
  private final HourStore hours;
  private final RollupOutput out;
  private final long nowMs;

  DeviceRollup(
      RollupOptions options,
      RollupMetrics metrics,
      String deviceId,
      DeviceState state,
      HourStore hours,
      RollupOutput out,
      long nowMs) {
    this.options = options;
    this.metrics = metrics;
    this.deviceId = deviceId;
    this.state = state;
    this.hours = hours;
    this.out = out;
    this.nowMs = nowMs;
  }

  Outcome onReading(SignalReading reading) throws Exception {
    metrics.readingIn();
    long ts = reading.ts().toEpochMilli();
    long previousNewest = state.newestTsMs;
    if (previousNewest != NONE && ts < previousNewest - horizonMs()) {
      metrics.beyondHorizon();
      return Outcome.BEYOND_HORIZON;
    }
    long hourIndex = HourBucket.hourIndexOf(ts);
    HourBucket hour = hours.get(hourIndex);
    boolean newHour = hour == null;
    if (newHour) {
      hour = new HourBucket(hourIndex);
    }
    if (hour.contains(ts)) {
      metrics.duplicateDropped();
      return Outcome.DUPLICATE;
    }
    hour.add(reading, state.cells.numberOf(reading.cellId(), hourIndex));
    int latenessS = latenessS(reading);
    hour.row.addReading(latenessS);
    hours.put(hour);
    if (newHour) {
      state.hours.add(hourIndex);
      metrics.bucketOpened();
    }
    state.dirtyHours.add(hourIndex);
    long dayIndex = DeviceState.dayIndexOf(ts);
    if (!state.hasDayRow(dayIndex)) {
      metrics.bucketOpened();
    }
    state.day(dayIndex).row.addReading(latenessS);
    if (reading.tenantId() != null) {
      state.tenantId = reading.tenantId();
    }
    state.lastArrivalMs = nowMs;
    if (previousNewest == NONE || ts > previousNewest) {
      state.newestTsMs = ts;
      long fetchedAtMs = reading.fetchedAt() == null ? NONE : reading.fetchedAt().toEpochMilli();
      if (state.cadence.onNewestReading(
          ts, previousNewest, fetchedAtMs, options.uploadBurstWindow().toMillis())) {
        emitCadence();
      }
    }
    settle(previousNewest);
    return Outcome.ACCEPTED;
  }

  /** Takes the vendor's reporting interval (and tenant) from the device list. */
  void onSnapshot(DeviceSnapshot snapshot) throws Exception {
    if (snapshot.tenantId() != null) {
      state.tenantId = snapshot.tenantId();
    }
    Integer reported = snapshot.reportingIntervalS();
    int vendorIntervalS = reported == null || reported <= 0 ? 0 : reported;
    if (vendorIntervalS == state.vendorIntervalS) {
      return;
    }
    state.vendorIntervalS = vendorIntervalS;
    if (state.newestTsMs != NONE) {
      emitCadence();
      // A known interval may show that an open bucket cannot get another reading.
      settle(state.newestTsMs);
    }
  }

  /** The inactivity delay passed: writes every bucket with unwritten readings, provisionally. */
  void writeProvisional() throws Exception {
    for (long hourIndex : state.dirtyHours.toArray()) {
      HourBucket hour = hours.get(hourIndex);
      if (hour != null && hour.row.dirty) {
        writeHour(hour, false, true);
        hours.put(hour);
      }
    }
    state.dirtyHours.clear();
    for (DeviceState.DayRow day : state.days) {
      if (day.row.dirty) {
        writeDay(day, false, true);
      }
    }
  }

  /**
   * The device was silent for the idle timeout: writes every row that is not final yet as final and
   * empties the device's hours. The caller then clears the device's state.
   */
  void finalizeAll() throws Exception {
    for (long hourIndex : state.hours.toArray()) {
      HourBucket hour = hours.get(hourIndex);
      if (hour != null && !hour.row.finalWritten) {
        writeHour(hour, true, false);
      }
    }
    for (DeviceState.DayRow day : state.days) {
      if (!day.row.finalWritten) {
        writeDay(day, true, false);
      }
    }
    hours.clear();
    state.hours.clear();
    state.dirtyHours.clear();
    state.days.clear();
    state.cells.clear();
  }

  /**
   * Writes what the device's clock (moved from {@code previousNewest}) closed or made final, and
   * drops the days that became final.
   */
  private void settle(long previousNewest) throws Exception {
    long edge = state.newestTsMs - horizonMs();
    long previousEdge = previousNewest == NONE ? Long.MIN_VALUE : previousNewest - horizonMs();
    SortedLongs candidates = new SortedLongs();
    for (int i = 0; i < state.dirtyHours.size(); i++) {
      candidates.add(state.dirtyHours.get(i));
    }
    for (int i = 0; i < state.hours.size(); i++) {
      long hourIndex = state.hours.get(i);
      long end = (hourIndex + 1) * HourBucket.HOUR_MS;
      if (end > edge) {
        break;
      }
      if (end > previousEdge) {
        candidates.add(hourIndex);
      }
    }
    for (int i = 0; i < candidates.size(); i++) {
      long hourIndex = candidates.get(i);
      HourBucket hour = hours.get(hourIndex);
      if (hour == null) {
        state.dirtyHours.remove(hourIndex);
        continue;
      }
      boolean isFinal = hour.endMs() <= edge;
      if ((hour.row.dirty && isClosed(hour.endMs(), isFinal))
          || (isFinal && !hour.row.finalWritten)) {
        writeHour(hour, isFinal, false);
        hours.put(hour);
      }
      if (!hour.row.dirty) {
        state.dirtyHours.remove(hourIndex);
      }
    }
    for (DeviceState.DayRow day : new ArrayList<>(state.days)) {
      boolean isFinal = day.endMs() <= edge;
      if ((day.row.dirty && isClosed(day.endMs(), isFinal)) || (isFinal && !day.row.finalWritten)) {
        writeDay(day, isFinal, false);
      }
      if (isFinal) {
        dropDay(day);
      }
    }
  }

  private boolean isClosed(long endMs, boolean isFinal) {
    long newest = state.newestTsMs;
    long interval = state.closingIntervalMs();
    return isFinal || newest >= endMs || (interval > 0 && newest + interval >= endMs);
  }

  private void writeHour(HourBucket hour, boolean isFinal, boolean provisional) {
    boolean changed = hour.row.markWritten(isFinal);
    count(hour.row, changed, isFinal, provisional);
    out.row(
        RollupRowBuilder.build(
            RollupTier.HOUR,
            deviceId,
            state.tenantId,
            hour.startMs(),
            List.of(hour),
            hour.row,
            state.reportingIntervalS(),
            Instant.ofEpochMilli(nowMs)));
  }

  private void writeDay(DeviceState.DayRow day, boolean isFinal, boolean provisional)
      throws Exception {
    List<HourBucket> dayHours = hoursOf(day);
    boolean changed = day.row.markWritten(isFinal);
    count(day.row, changed, isFinal, provisional);
    out.row(
        RollupRowBuilder.build(
            RollupTier.DAY,
            deviceId,
            state.tenantId,
            day.startMs(),
            dayHours,
            day.row,
            state.reportingIntervalS(),
            Instant.ofEpochMilli(nowMs)));
  }

  private void count(RowProgress row, boolean changed, boolean isFinal, boolean provisional) {
    metrics.rowWritten(provisional, changed && row.revision > 1);
    if (isFinal) {
      metrics.bucketFinal();
    }
  }

  private List<HourBucket> hoursOf(DeviceState.DayRow day) throws Exception {
    List<HourBucket> result = new ArrayList<>(24);
    long first = day.dayIndex * 24;
    for (int i = state.hours.lowerBound(first);
        i < state.hours.size() && state.hours.get(i) < first + 24;
        i++) {
      HourBucket hour = hours.get(state.hours.get(i));
      if (hour != null) {
        result.add(hour);
      }
    }
    return result;
  }

  private void dropDay(DeviceState.DayRow day) throws Exception {
    long first = day.dayIndex * 24;
    for (long hourIndex : state.hours.toArray()) {
      if (hourIndex >= first && hourIndex < first + 24) {
        hours.remove(hourIndex);
        state.hours.remove(hourIndex);
        state.dirtyHours.remove(hourIndex);
      }
    }
    state.days.remove(day);
    state.cells.forgetUnusedBefore(state.hours.isEmpty() ? Long.MAX_VALUE : state.hours.get(0));
  }

  private void emitCadence() {
    CadenceLearner c = state.cadence;
    long nextDue = c.nextUploadDueAtMs();
    out.cadence(
        new DeviceCadence(
            deviceId,
            state.tenantId,
            c.learnedIntervalS > 0 ? c.learnedIntervalS : null,
            c.learnedUploadGapS > 0 ? c.learnedUploadGapS : null,
            nextDue == NONE ? null : Instant.ofEpochMilli(nextDue),
            c.lastUploadAtMs == NONE ? null : Instant.ofEpochMilli(c.lastUploadAtMs),
            state.vendorIntervalS > 0 ? state.vendorIntervalS : null,
            Instant.ofEpochMilli(nowMs)));
  }

  /** {@code fetched_at - ts} in whole seconds, at least 0; 0 when {@code fetched_at} is missing. */
  private static int latenessS(SignalReading reading) {
    if (reading.fetchedAt() == null) {
      return 0;
    }
    long ms = reading.fetchedAt().toEpochMilli() - reading.ts().toEpochMilli();
    return (int) Math.min(Integer.MAX_VALUE, Math.max(0, ms / 1000));
  }

  private long horizonMs() {
    return options.horizon().toMillis();
  }
}
