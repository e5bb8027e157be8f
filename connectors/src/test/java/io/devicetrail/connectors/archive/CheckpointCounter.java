package io.devicetrail.connectors.archive;

import java.util.concurrent.atomic.AtomicLong;
import org.apache.flink.api.common.functions.MapFunction;
import org.apache.flink.api.common.state.CheckpointListener;

/**
 * Passes elements through and records the highest completed checkpoint id, so a MiniCluster test
 * (same JVM) can relate what it sees to how many checkpoints the job took.
 */
final class CheckpointCounter<T> implements MapFunction<T, T>, CheckpointListener {

  private static final long serialVersionUID = 1L;

  static final AtomicLong HIGHEST_COMPLETED = new AtomicLong();

  @Override
  public T map(T value) {
    return value;
  }

  @Override
  public void notifyCheckpointComplete(long checkpointId) {
    HIGHEST_COMPLETED.accumulateAndGet(checkpointId, Math::max);
  }
}
