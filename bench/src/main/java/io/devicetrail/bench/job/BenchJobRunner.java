package io.devicetrail.bench.job;

import io.devicetrail.connectors.flink.FlinkS3;
import io.devicetrail.jobs.CheckpointLocator;
import io.devicetrail.jobs.DeviceTrailJob;
import io.devicetrail.jobs.JobAssembly;
import io.devicetrail.jobs.JobSettings;
import io.devicetrail.jobs.LocalJobRunner;
import io.devicetrail.jobs.ProductionWiring;
import java.nio.file.Path;
import java.util.Optional;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.ConfigOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.ExternalizedCheckpointRetention;
import org.apache.flink.configuration.StateBackendOptions;
import org.apache.flink.configuration.StateRecoveryOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * Starts the production job (ProductionWiring's sources and sinks, {@link JobAssembly}, {@link
 * DeviceTrailJob}) on a MiniCluster exactly as {@link LocalJobRunner#start} does, plus the
 * benchmark's {@link MetricsProbe} reporter and, optionally, RocksDB as production configures it. A
 * copy of LocalJobRunner's few lines because it takes no extra Flink configuration.
 */
final class BenchJobRunner {

  private final Path pluginsDir;
  private final Path checkpointDir;
  private final LocalJobRunner.S3Endpoint s3;
  private final int parallelism;
  private final String stateBackend;
  private final boolean objectReuse;

  BenchJobRunner(
      Path pluginsDir,
      Path checkpointDir,
      LocalJobRunner.S3Endpoint s3,
      int parallelism,
      String stateBackend,
      boolean objectReuse) {
    this.pluginsDir = pluginsDir;
    this.checkpointDir = checkpointDir;
    this.s3 = s3;
    this.parallelism = parallelism;
    this.stateBackend = stateBackend;
    this.objectReuse = objectReuse;
  }

  /** Starts the job, resuming from the newest checkpoint in the checkpoint folder if any. */
  JobClient start(JobSettings settings) throws Exception {
    System.setProperty("aws.java.v1.disableDeprecationAnnouncement", "true");
    Configuration conf = FlinkS3.configuration(s3.endpoint(), s3.accessKey(), s3.secretKey());
    FlinkS3.initialize(conf, pluginsDir);
    conf.set(CheckpointingOptions.CHECKPOINTS_DIRECTORY, checkpointDir.toUri().toString());
    conf.set(
        CheckpointingOptions.EXTERNALIZED_CHECKPOINT_RETENTION,
        ExternalizedCheckpointRetention.RETAIN_ON_CANCELLATION);
    conf.set(CheckpointingOptions.MAX_RETAINED_CHECKPOINTS, 2);
    Optional<Path> restore = CheckpointLocator.latest(checkpointDir);
    restore.ifPresent(p -> conf.set(StateRecoveryOptions.SAVEPOINT_PATH, p.toUri().toString()));
    if (stateBackend.equals("rocksdb")) {
      // As deploy/flink-k8s configures production.
      conf.set(StateBackendOptions.STATE_BACKEND, "rocksdb");
      conf.set(CheckpointingOptions.INCREMENTAL_CHECKPOINTS, true);
    }
    conf.set(
        ConfigOptions.key("metrics.reporter." + MetricsProbe.REPORTER + ".factory.class")
            .stringType()
            .noDefaultValue(),
        MetricsProbe.Factory.class.getName());

    StreamExecutionEnvironment env =
        StreamExecutionEnvironment.createLocalEnvironment(parallelism, conf);
    JobAssembly.configure(env, settings);
    if (objectReuse) {
      env.getConfig().enableObjectReuse();
    }
    new DeviceTrailJob(
            ProductionWiring.sources(settings), ProductionWiring.sinks(settings), settings)
        .build(env);
    return env.executeAsync("devicetrail");
  }
}
