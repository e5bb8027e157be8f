package io.devicetrail.jobs.rollup;

import java.util.HashMap;
import java.util.Map;

/**
 * One device's cell ids as small numbers, so that an hour stores a varint per reading instead of
 * the cell string: a device sees few cells, and a cell id like {@code 262-01-1234-5678901} would
 * otherwise be repeated in every hour. An entry is forgotten once no held hour uses it (its last
 * use is older than the oldest held hour); a cell seen again later gets a new number, which is
 * harmless because rows only compare numbers of hours held at the same time.
 */
final class CellDictionary {

  /** Number (≥ 1) per cell id. */
  final Map<String, Integer> numbers;

  /** Per number: the latest hour (epoch hours) that used it. */
  final Map<Integer, Long> lastUsedHour;

  int nextNumber;

  CellDictionary() {
    this(new HashMap<>(), new HashMap<>(), 1);
  }

  CellDictionary(Map<String, Integer> numbers, Map<Integer, Long> lastUsedHour, int nextNumber) {
    this.numbers = numbers;
    this.lastUsedHour = lastUsedHour;
    this.nextNumber = nextNumber;
  }

  /** The cell's number for a reading of {@code hourIndex}; 0 for no cell. */
  int numberOf(String cell, long hourIndex) {
    if (cell == null) {
      return 0;
    }
    Integer number = numbers.get(cell);
    if (number == null) {
      number = nextNumber++;
      numbers.put(cell, number);
    }
    lastUsedHour.merge(number, hourIndex, Math::max);
    return number;
  }

  /** Forgets the cells no hour from {@code oldestHeldHour} on uses. */
  void forgetUnusedBefore(long oldestHeldHour) {
    numbers.values().removeIf(n -> lastUsedHour.get(n) < oldestHeldHour);
    lastUsedHour.values().removeIf(hour -> hour < oldestHeldHour);
    if (numbers.isEmpty()) {
      nextNumber = 1;
    }
  }

  void clear() {
    numbers.clear();
    lastUsedHour.clear();
    nextNumber = 1;
  }
}
