package io.devicetrail.jobs;

import io.devicetrail.connectors.flink.FlinkS3;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.ExternalizedCheckpointRetention;
import org.apache.flink.configuration.StateRecoveryOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the job on an embedded MiniCluster, the way the local run and the end-to-end tests do: the
 * same {@link DeviceTrailJob}, S3 through the flink-s3-fs-hadoop plugin exactly as on a cluster,
 * checkpoints retained in a local folder, and a restart resuming from the newest of them.
 */
public final class LocalJobRunner {

  private static final Logger LOG = LoggerFactory.getLogger(LocalJobRunner.class);
  private static final String AWS_V1_NOTICE = "aws.java.v1.disableDeprecationAnnouncement";

  /** Where the S3-compatible endpoint is and how to sign for it. */
  public record S3Endpoint(String endpoint, String accessKey, String secretKey) {
    @Override
    public String toString() {
      return "S3Endpoint[" + endpoint + ", accessKey=" + accessKey + "]";
    }
  }

  private final Path pluginsDir;
  private final Path checkpointDir;
  private final S3Endpoint s3;
  private final int parallelism;
  private final Configuration extra;

  public LocalJobRunner(Path pluginsDir, Path checkpointDir, S3Endpoint s3, int parallelism) {
    this(pluginsDir, checkpointDir, s3, parallelism, new Configuration());
  }

  /**
   * @param extra Flink configuration applied over this runner's own (for example a state backend or
   *     a metrics reporter, as a benchmark needs)
   */
  public LocalJobRunner(
      Path pluginsDir, Path checkpointDir, S3Endpoint s3, int parallelism, Configuration extra) {
    this.extra = Objects.requireNonNull(extra, "extra cannot be null");
    this.pluginsDir = Objects.requireNonNull(pluginsDir, "pluginsDir cannot be null");
    this.checkpointDir = Objects.requireNonNull(checkpointDir, "checkpointDir cannot be null");
    this.s3 = Objects.requireNonNull(s3, "s3 cannot be null");
    this.parallelism = parallelism;
  }

  /**
   * Cancels the job and waits until every task has finished closing (sinks flush on close), so that
   * the services it writes to can be stopped afterwards. The newest checkpoint is retained.
   */
  public static void cancel(JobClient job, Duration timeout) throws Exception {
    if (!job.getJobStatus().get().isGloballyTerminalState()) {
      job.cancel().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }
    try {
      job.getJobExecutionResult().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException cancelled) {
      // The expected end of a cancelled job.
    }
  }

  /** The newest complete checkpoint left by an earlier run, if any. */
  public Optional<Path> latestCheckpoint() {
    return CheckpointLocator.latest(checkpointDir);
  }

  /** Starts the job, resuming from the newest retained checkpoint when there is one. */
  public JobClient start(JobSources sources, JobSinks sinks, JobSettings settings)
      throws Exception {
    return start(sources, sinks, settings, latestCheckpoint());
  }

  /** Starts the job, resuming from {@code restoreFrom} when present. */
  public JobClient start(
      JobSources sources, JobSinks sinks, JobSettings settings, Optional<Path> restoreFrom)
      throws Exception {
    // flink-s3-fs-hadoop bundles AWS SDK v1, which prints a deprecation notice with a stack trace.
    if (System.getProperty(AWS_V1_NOTICE) == null) {
      System.setProperty(AWS_V1_NOTICE, "true");
    }
    Configuration conf = FlinkS3.configuration(s3.endpoint(), s3.accessKey(), s3.secretKey());
    // Must happen before the job touches s3://: the plugin is loaded in its own class loader.
    FlinkS3.initialize(conf, pluginsDir);

    conf.set(CheckpointingOptions.CHECKPOINTS_DIRECTORY, checkpointDir.toUri().toString());
    conf.set(
        CheckpointingOptions.EXTERNALIZED_CHECKPOINT_RETENTION,
        ExternalizedCheckpointRetention.RETAIN_ON_CANCELLATION);
    conf.set(CheckpointingOptions.MAX_RETAINED_CHECKPOINTS, 2);
    restoreFrom.ifPresent(p -> conf.set(StateRecoveryOptions.SAVEPOINT_PATH, p.toUri().toString()));
    conf.addAll(extra);

    StreamExecutionEnvironment env =
        StreamExecutionEnvironment.createLocalEnvironment(parallelism, conf);
    JobAssembly.configure(env, settings);
    new DeviceTrailJob(sources, sinks, settings).build(env);
    JobClient client = env.executeAsync("devicetrail");
    LOG.info(
        "Job {} started on an embedded MiniCluster{}",
        client.getJobID(),
        restoreFrom.map(p -> ", resumed from " + p).orElse(""));
    return client;
  }
}
