package io.devicetrail.jobs.rollup;

import io.devicetrail.events.SignalReading;
import java.util.Arrays;

/**
 * The readings one device took in one UTC hour, kept as compactly as a revision allows: per reading
 * its ts offset, rssi and cell; for snr and battery, which need no per-reading detail, only running
 * sums and minima. Also the progress of the hour's row.
 *
 * <p>Hours stay in state until their day is final, because the daily percentiles need every value.
 * Readings are kept in {@code ts} order; a {@code ts} already present is a duplicate.
 */
final class HourBucket {

  static final long HOUR_MS = 3_600_000L;
  static final int NO_BATTERY = -1;

  /** Epoch hours: {@code floor(ts / 1 h)}. */
  final long hourIndex;

  int size;
  int[] offsetsMs;
  double[] rssi;

  /** The reading's cell number in the device's {@link CellDictionary}; 0 when it has no cell. */
  int[] cells;

  double snrSum;
  int snrCount;
  int batteryMinMv = NO_BATTERY;
  final RowProgress row;

  HourBucket(long hourIndex) {
    this(hourIndex, new RowProgress(), 4);
  }

  HourBucket(long hourIndex, RowProgress row, int capacity) {
    this.hourIndex = hourIndex;
    this.row = row;
    this.offsetsMs = new int[capacity];
    this.rssi = new double[capacity];
    this.cells = new int[capacity];
  }

  static long hourIndexOf(long tsMs) {
    return Math.floorDiv(tsMs, HOUR_MS);
  }

  long startMs() {
    return hourIndex * HOUR_MS;
  }

  long endMs() {
    return startMs() + HOUR_MS;
  }

  long tsMs(int i) {
    return startMs() + offsetsMs[i];
  }

  /** The hour holds a reading at {@code tsMs}. */
  boolean contains(long tsMs) {
    long offset = tsMs - startMs();
    return offset >= 0
        && offset < HOUR_MS
        && Arrays.binarySearch(offsetsMs, 0, size, (int) offset) >= 0;
  }

  /**
   * Adds a reading of this hour with its cell number; returns false, changing nothing, when its
   * {@code ts} is already here.
   */
  boolean add(SignalReading reading, int cell) {
    int offset = (int) (reading.ts().toEpochMilli() - startMs());
    if (offset < 0 || offset >= HOUR_MS) {
      throw new IllegalArgumentException(
          "reading at " + reading.ts() + " is not in hour " + hourIndex);
    }
    int found = Arrays.binarySearch(offsetsMs, 0, size, offset);
    if (found >= 0) {
      return false;
    }
    int at = -found - 1;
    ensureCapacity(size + 1);
    System.arraycopy(offsetsMs, at, offsetsMs, at + 1, size - at);
    System.arraycopy(rssi, at, rssi, at + 1, size - at);
    System.arraycopy(cells, at, cells, at + 1, size - at);
    offsetsMs[at] = offset;
    rssi[at] = reading.rssiDbm();
    cells[at] = cell;
    size++;
    if (reading.snrDb() != null) {
      snrSum += reading.snrDb();
      snrCount++;
    }
    Integer battery = reading.batteryMv();
    if (battery != null && (batteryMinMv == NO_BATTERY || battery < batteryMinMv)) {
      batteryMinMv = battery;
    }
    return true;
  }

  /** Appends a reading read back from state; readings must come in {@code ts} order. */
  void appendRestored(int offsetMs, double rssiDbm, int cell) {
    ensureCapacity(size + 1);
    offsetsMs[size] = offsetMs;
    rssi[size] = rssiDbm;
    cells[size] = cell;
    size++;
  }

  private void ensureCapacity(int needed) {
    if (needed > offsetsMs.length) {
      int capacity = Math.max(needed, offsetsMs.length * 2);
      offsetsMs = Arrays.copyOf(offsetsMs, capacity);
      rssi = Arrays.copyOf(rssi, capacity);
      cells = Arrays.copyOf(cells, capacity);
    }
  }
}
