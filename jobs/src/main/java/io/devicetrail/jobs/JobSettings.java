package io.devicetrail.jobs;

import io.devicetrail.connectors.postgres.PostgresPassword;
import java.io.Serializable;
import java.time.Duration;
import java.util.Objects;

/**
 * Everything the job needs to know to wire its production sources and sinks. Built by {@link
 * JobMain} from options (flags, environment, argument file) or directly by the local run. The
 * password is a reference (environment variable or file) resolved where a connection is opened.
 */
public record JobSettings(
    String kafkaBootstrap,
    String consumerGroup,
    String archivePath,
    String supportJdbcUrl,
    String supportUser,
    PostgresPassword supportPassword,
    Duration checkpointInterval,
    Duration dedupTtl,
    int jdbcBatchSize,
    Duration jdbcBatchInterval,
    int archiveCompactEveryCheckpoints)
    implements Serializable {

  public JobSettings {
    Objects.requireNonNull(kafkaBootstrap, "kafkaBootstrap cannot be null");
    Objects.requireNonNull(consumerGroup, "consumerGroup cannot be null");
    Objects.requireNonNull(archivePath, "archivePath cannot be null");
    Objects.requireNonNull(supportJdbcUrl, "supportJdbcUrl cannot be null");
    Objects.requireNonNull(supportUser, "supportUser cannot be null");
    Objects.requireNonNull(
        supportPassword, "supportPassword cannot be null (use PostgresPassword.none())");
    Objects.requireNonNull(checkpointInterval, "checkpointInterval cannot be null");
    Objects.requireNonNull(dedupTtl, "dedupTtl cannot be null");
    Objects.requireNonNull(jdbcBatchInterval, "jdbcBatchInterval cannot be null");
    if (archiveCompactEveryCheckpoints < 1) {
      throw new IllegalArgumentException(
          "archiveCompactEveryCheckpoints must be positive, got " + archiveCompactEveryCheckpoints);
    }
    if (jdbcBatchSize < 1) {
      throw new IllegalArgumentException("jdbcBatchSize must be positive, got " + jdbcBatchSize);
    }
  }

  public JobSettings withCheckpointInterval(Duration interval) {
    return new JobSettings(
        kafkaBootstrap,
        consumerGroup,
        archivePath,
        supportJdbcUrl,
        supportUser,
        supportPassword,
        interval,
        dedupTtl,
        jdbcBatchSize,
        jdbcBatchInterval,
        archiveCompactEveryCheckpoints);
  }
}
