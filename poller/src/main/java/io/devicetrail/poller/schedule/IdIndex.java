package io.devicetrail.poller.schedule;

import java.util.Arrays;

/**
 * Device id to slot number, as an open-addressing hash table of ints (linear probing, deletion by
 * backward shift). About 8 bytes per device instead of the ~48 of a {@code HashMap} entry with a
 * boxed value. Not thread-safe: {@link DeviceTable} guards it.
 */
final class IdIndex {
  private static final int EMPTY = -1;

  private int[] table = newTable(1024);
  private int size;

  /** The slot of {@code id}, or -1; {@code ids} resolves a slot to its id. */
  int find(String id, String[] ids) {
    int mask = table.length - 1;
    for (int i = spread(id.hashCode()) & mask; ; i = (i + 1) & mask) {
      int slot = table[i];
      if (slot == EMPTY) {
        return -1;
      }
      if (ids[slot].equals(id)) {
        return slot;
      }
    }
  }

  void put(String id, int slot, String[] ids) {
    if ((size + 1) * 2 > table.length) {
      grow(ids);
    }
    insert(id, slot);
    size++;
  }

  void remove(String id, String[] ids) {
    int mask = table.length - 1;
    int i = spread(id.hashCode()) & mask;
    while (table[i] != EMPTY && !ids[table[i]].equals(id)) {
      i = (i + 1) & mask;
    }
    if (table[i] == EMPTY) {
      return;
    }
    table[i] = EMPTY;
    size--;
    // Backward shift: move later entries of the probe run into the hole where they belong.
    for (int j = (i + 1) & mask; table[j] != EMPTY; j = (j + 1) & mask) {
      int slot = table[j];
      int home = spread(ids[slot].hashCode()) & mask;
      boolean between = i <= j ? (home > i && home <= j) : (home > i || home <= j);
      if (!between) {
        table[i] = slot;
        table[j] = EMPTY;
        i = j;
      }
    }
  }

  int size() {
    return size;
  }

  private void insert(String id, int slot) {
    int mask = table.length - 1;
    int i = spread(id.hashCode()) & mask;
    while (table[i] != EMPTY) {
      i = (i + 1) & mask;
    }
    table[i] = slot;
  }

  private void grow(String[] ids) {
    int[] old = table;
    table = newTable(old.length * 2);
    for (int slot : old) {
      if (slot != EMPTY) {
        insert(ids[slot], slot);
      }
    }
  }

  private static int[] newTable(int capacity) {
    int[] t = new int[capacity];
    Arrays.fill(t, EMPTY);
    return t;
  }

  private static int spread(int h) {
    h *= 0x9E3779B9;
    return h ^ (h >>> 16);
  }
}
