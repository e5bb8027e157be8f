package io.devicetrail.jobs.rollup;

import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.runtime.state.KeyedStateHandle;

/** Measures the rollup operator's keyed state as a checkpoint holds it. */
final class RollupStateSize {

  private RollupStateSize() {}

  static long keyedStateBytes(OperatorSubtaskState snapshot) {
    long bytes = 0;
    for (KeyedStateHandle handle : snapshot.getManagedKeyedState()) {
      bytes += handle.getStateSize();
    }
    return bytes;
  }
}
