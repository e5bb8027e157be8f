package io.devicetrail.maintenance.reconcile;

import io.devicetrail.events.SignalReading;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * A device's sampling interval learned from its readings, for devices whose vendor does not know
 * it: the lower median of the gaps between consecutive distinct readings, in whole seconds, snapped
 * to 5 s above a minute, once at least 3 gaps are known; the job's rule (CadenceLearner) applied to
 * the readings at hand. A missed sample or a reboot is one odd gap and does not move a median.
 */
final class LearnedIntervals {

  static final int MIN_GAPS = 3;

  private LearnedIntervals() {}

  /** Device to learned interval in seconds; devices with too few readings are absent. */
  static Map<String, Integer> of(Collection<SignalReading> readings) {
    Map<String, TreeSet<Long>> tsByDevice = new HashMap<>();
    for (SignalReading r : readings) {
      tsByDevice.computeIfAbsent(r.deviceId(), d -> new TreeSet<>()).add(r.ts().toEpochMilli());
    }
    Map<String, Integer> learned = new HashMap<>();
    tsByDevice.forEach(
        (device, times) -> {
          Integer interval = intervalOf(times);
          if (interval != null) {
            learned.put(device, interval);
          }
        });
    return learned;
  }

  static Integer intervalOf(TreeSet<Long> epochMillis) {
    List<Integer> gaps = new ArrayList<>();
    Long previous = null;
    for (long t : epochMillis) {
      if (previous != null) {
        long gapS = Math.round((t - previous) / 1000.0);
        if (gapS > 0 && gapS <= Integer.MAX_VALUE) {
          gaps.add((int) gapS);
        }
      }
      previous = t;
    }
    if (gaps.size() < MIN_GAPS) {
      return null;
    }
    gaps.sort(null);
    return snap(gaps.get((gaps.size() - 1) / 2));
  }

  static int snap(int seconds) {
    return seconds < 60 ? seconds : (int) Math.max(5, Math.round(seconds / 5.0) * 5);
  }
}
