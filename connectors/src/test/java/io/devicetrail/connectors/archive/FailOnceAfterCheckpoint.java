package io.devicetrail.connectors.archive;

import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.flink.api.common.functions.MapFunction;
import org.apache.flink.api.common.state.CheckpointListener;

/**
 * Passes elements through, but fails the job once, on the first element after the given checkpoint
 * completed: the job restarts from that checkpoint, so rows written since then are written again,
 * and files of every state (committed, pending, compacting, in progress) exist at the moment of
 * failure. Once per JVM, so the restarted job runs to the end.
 */
final class FailOnceAfterCheckpoint<T> implements MapFunction<T, T>, CheckpointListener {

  private static final long serialVersionUID = 1L;

  static final AtomicBoolean FAILED = new AtomicBoolean();

  private final long afterCheckpoint;
  private transient long completed;

  FailOnceAfterCheckpoint(long afterCheckpoint) {
    this.afterCheckpoint = afterCheckpoint;
  }

  @Override
  public T map(T value) {
    if (completed >= afterCheckpoint && FAILED.compareAndSet(false, true)) {
      throw new IllegalStateException(
          "Injected failure after checkpoint " + completed + " (expected by the test)");
    }
    return value;
  }

  @Override
  public void notifyCheckpointComplete(long checkpointId) {
    completed = Math.max(completed, checkpointId);
  }
}
