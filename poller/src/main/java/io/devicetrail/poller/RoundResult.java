package io.devicetrail.poller;

import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;

/**
 * What one round did.
 *
 * @param deviceListFetched the device list was due and fetched completely, snapshots acknowledged
 * @param deviceListFailed the device list was due and could not be fetched or published completely
 * @param outcomes device polls of this round by outcome
 */
public record RoundResult(
    boolean deviceListFetched, boolean deviceListFailed, Map<PollOutcome, Integer> outcomes) {

  public RoundResult {
    EnumMap<PollOutcome, Integer> copy = new EnumMap<>(PollOutcome.class);
    copy.putAll(outcomes);
    outcomes = Collections.unmodifiableMap(copy);
  }

  public int devicesPolled() {
    return outcomes.values().stream().mapToInt(Integer::intValue).sum();
  }

  public int count(PollOutcome outcome) {
    return outcomes.getOrDefault(outcome, 0);
  }

  /** True when nothing failed: no device poll and not the device list. */
  public boolean isClean() {
    return !deviceListFailed
        && outcomes.entrySet().stream().noneMatch(e -> e.getKey().isFailure() && e.getValue() > 0);
  }
}
