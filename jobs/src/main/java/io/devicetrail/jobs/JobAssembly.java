package io.devicetrail.jobs;

import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.core.execution.CheckpointingMode;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/** Environment settings the job relies on, shared by {@link JobMain}, the local run and tests. */
public final class JobAssembly {

  /**
   * The number of key groups keyed state is split into, and so the highest parallelism the job can
   * ever be rescaled to from a savepoint. Set by the job itself, so that no cluster default (128
   * for a small parallelism) fixes it by accident: changing it later makes every savepoint's keyed
   * state unreadable. deploy/flink-k8s sets the same value as {@code pipeline.max-parallelism}.
   */
  public static final int MAX_PARALLELISM = 256;

  private JobAssembly() {}

  /**
   * Exactly-once checkpoints at the configured interval: the archive commits files only on a
   * completed checkpoint, and Kafka offsets are restored from it. Where to keep checkpoints and
   * whether to retain them is cluster configuration (execution.checkpointing.dir and friends).
   */
  public static void configure(StreamExecutionEnvironment env, JobSettings settings) {
    env.setMaxParallelism(MAX_PARALLELISM);
    env.enableCheckpointing(
        settings.checkpointInterval().toMillis(), CheckpointingMode.EXACTLY_ONCE);
    // Events are Java records handled by Flink's POJO serializer; fail instead of falling back to
    // Kryo, which costs ~4x on the hot path.
    Configuration pipeline = new Configuration();
    pipeline.set(PipelineOptions.GENERIC_TYPES, false);
    env.configure(pipeline);
  }
}
