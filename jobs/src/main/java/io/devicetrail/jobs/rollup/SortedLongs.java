package io.devicetrail.jobs.rollup;

import java.util.Arrays;

/** A small sorted set of longs in one array: the bucket indexes a device holds. */
final class SortedLongs {

  private long[] values;
  private int size;

  SortedLongs() {
    this(new long[4], 0);
  }

  SortedLongs(long[] values, int size) {
    this.values = values;
    this.size = size;
  }

  int size() {
    return size;
  }

  boolean isEmpty() {
    return size == 0;
  }

  long get(int i) {
    return values[i];
  }

  boolean contains(long v) {
    return Arrays.binarySearch(values, 0, size, v) >= 0;
  }

  /** Index of the first value {@code >= v}. */
  int lowerBound(long v) {
    int i = Arrays.binarySearch(values, 0, size, v);
    if (i < 0) {
      return -i - 1;
    }
    while (i > 0 && values[i - 1] == v) {
      i--;
    }
    return i;
  }

  void add(long v) {
    int i = Arrays.binarySearch(values, 0, size, v);
    if (i >= 0) {
      return;
    }
    int at = -i - 1;
    if (size == values.length) {
      values = Arrays.copyOf(values, Math.max(4, size * 2));
    }
    System.arraycopy(values, at, values, at + 1, size - at);
    values[at] = v;
    size++;
  }

  void remove(long v) {
    int i = Arrays.binarySearch(values, 0, size, v);
    if (i < 0) {
      return;
    }
    System.arraycopy(values, i + 1, values, i, size - i - 1);
    size--;
  }

  void clear() {
    size = 0;
  }

  long[] toArray() {
    return Arrays.copyOf(values, size);
  }
}
