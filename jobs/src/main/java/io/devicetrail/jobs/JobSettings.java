package io.devicetrail.jobs;

import io.devicetrail.connectors.kafka.KafkaClientSecurity;
import io.devicetrail.connectors.postgres.PostgresPassword;
import io.devicetrail.jobs.rollup.RollupOptions;
import io.devicetrail.sql.WarehouseFlavor;
import java.time.Duration;
import java.util.Objects;

/**
 * Everything the job needs to wire its production sources and sinks. Built by {@link JobMain} from
 * options (flags, environment, argument file) or directly by the local run and tests, with defaults
 * that work locally. Passwords are references (environment variable or file) resolved where a
 * connection is opened, so they never travel in the job graph.
 */
public record JobSettings(
    String kafkaBootstrap,
    String consumerGroup,
    String archivePath,
    int archiveCompactEveryCheckpoints,
    String supportJdbcUrl,
    String supportUser,
    PostgresPassword supportPassword,
    String warehouseJdbcUrl,
    String warehouseUser,
    PostgresPassword warehousePassword,
    WarehouseFlavor warehouseFlavor,
    Duration checkpointInterval,
    Duration dedupTtl,
    int jdbcBatchSize,
    Duration jdbcBatchInterval,
    RollupOptions rollup,
    KafkaClientSecurity kafkaSecurity) {

  public JobSettings {
    Objects.requireNonNull(kafkaBootstrap, "kafkaBootstrap cannot be null");
    Objects.requireNonNull(consumerGroup, "consumerGroup cannot be null");
    Objects.requireNonNull(archivePath, "archivePath cannot be null");
    Objects.requireNonNull(supportJdbcUrl, "supportJdbcUrl cannot be null");
    Objects.requireNonNull(supportUser, "supportUser cannot be null");
    Objects.requireNonNull(
        supportPassword, "supportPassword cannot be null (use PostgresPassword.none())");
    Objects.requireNonNull(warehouseJdbcUrl, "warehouseJdbcUrl cannot be null");
    Objects.requireNonNull(warehouseUser, "warehouseUser cannot be null");
    Objects.requireNonNull(
        warehousePassword, "warehousePassword cannot be null (use PostgresPassword.none())");
    Objects.requireNonNull(warehouseFlavor, "warehouseFlavor cannot be null");
    Objects.requireNonNull(checkpointInterval, "checkpointInterval cannot be null");
    Objects.requireNonNull(dedupTtl, "dedupTtl cannot be null");
    Objects.requireNonNull(jdbcBatchInterval, "jdbcBatchInterval cannot be null");
    Objects.requireNonNull(rollup, "rollup cannot be null");
    Objects.requireNonNull(
        kafkaSecurity, "kafkaSecurity cannot be null (use KafkaClientSecurity.none())");
    if (archiveCompactEveryCheckpoints < 1) {
      throw new IllegalArgumentException(
          "archiveCompactEveryCheckpoints must be positive, got " + archiveCompactEveryCheckpoints);
    }
    if (jdbcBatchSize < 1) {
      throw new IllegalArgumentException("jdbcBatchSize must be positive, got " + jdbcBatchSize);
    }
  }

  /** Settings with the local defaults; every value can be changed on the builder. */
  public static Builder builder() {
    return new Builder();
  }

  public Builder toBuilder() {
    Builder b = new Builder();
    b.kafkaBootstrap = kafkaBootstrap;
    b.consumerGroup = consumerGroup;
    b.archivePath = archivePath;
    b.archiveCompactEveryCheckpoints = archiveCompactEveryCheckpoints;
    b.supportJdbcUrl = supportJdbcUrl;
    b.supportUser = supportUser;
    b.supportPassword = supportPassword;
    b.warehouseJdbcUrl = warehouseJdbcUrl;
    b.warehouseUser = warehouseUser;
    b.warehousePassword = warehousePassword;
    b.warehouseFlavor = warehouseFlavor;
    b.checkpointInterval = checkpointInterval;
    b.dedupTtl = dedupTtl;
    b.jdbcBatchSize = jdbcBatchSize;
    b.jdbcBatchInterval = jdbcBatchInterval;
    b.rollup = rollup;
    b.kafkaSecurity = kafkaSecurity;
    return b;
  }

  public JobSettings withCheckpointInterval(Duration interval) {
    return toBuilder().checkpointInterval(interval).build();
  }

  /**
   * Builds {@link JobSettings}; the defaults are the documented option defaults of {@link JobMain}.
   */
  public static final class Builder {
    private String kafkaBootstrap = "127.0.0.1:9092";
    private String consumerGroup = "devicetrail-job";
    private String archivePath = "s3://devicetrail/archive";
    private int archiveCompactEveryCheckpoints = 60;
    private String supportJdbcUrl = "jdbc:postgresql://127.0.0.1:5432/devicetrail";
    private String supportUser = "devicetrail_loader";
    private PostgresPassword supportPassword = PostgresPassword.none();
    private String warehouseJdbcUrl = "jdbc:postgresql://127.0.0.1:5432/warehouse";
    private String warehouseUser = "devicetrail_loader";
    private PostgresPassword warehousePassword = PostgresPassword.none();
    private WarehouseFlavor warehouseFlavor = WarehouseFlavor.POSTGRES;
    private Duration checkpointInterval = Duration.ofMinutes(1);
    private Duration dedupTtl = Duration.ofHours(6);
    private int jdbcBatchSize = 2000;
    private Duration jdbcBatchInterval = Duration.ofMillis(500);
    private RollupOptions rollup = RollupOptions.defaults();
    private KafkaClientSecurity kafkaSecurity = KafkaClientSecurity.none();

    private Builder() {}

    public Builder kafka(String bootstrap, String consumerGroup) {
      this.kafkaBootstrap = bootstrap;
      this.consumerGroup = consumerGroup;
      return this;
    }

    public Builder archive(String path, int compactEveryCheckpoints) {
      this.archivePath = path;
      this.archiveCompactEveryCheckpoints = compactEveryCheckpoints;
      return this;
    }

    public Builder support(String jdbcUrl, String user, PostgresPassword password) {
      this.supportJdbcUrl = jdbcUrl;
      this.supportUser = user;
      this.supportPassword = password;
      return this;
    }

    public Builder warehouse(
        String jdbcUrl, String user, PostgresPassword password, WarehouseFlavor flavor) {
      this.warehouseJdbcUrl = jdbcUrl;
      this.warehouseUser = user;
      this.warehousePassword = password;
      this.warehouseFlavor = flavor;
      return this;
    }

    public Builder checkpointInterval(Duration interval) {
      this.checkpointInterval = interval;
      return this;
    }

    public Builder dedupTtl(Duration ttl) {
      this.dedupTtl = ttl;
      return this;
    }

    public Builder jdbcBatch(int size, Duration interval) {
      this.jdbcBatchSize = size;
      this.jdbcBatchInterval = interval;
      return this;
    }

    public Builder rollup(RollupOptions rollup) {
      this.rollup = rollup;
      return this;
    }

    /** TLS and SASL settings for every Kafka source and sink of the job. */
    public Builder kafkaSecurity(KafkaClientSecurity security) {
      this.kafkaSecurity = security;
      return this;
    }

    public JobSettings build() {
      return new JobSettings(
          kafkaBootstrap,
          consumerGroup,
          archivePath,
          archiveCompactEveryCheckpoints,
          supportJdbcUrl,
          supportUser,
          supportPassword,
          warehouseJdbcUrl,
          warehouseUser,
          warehousePassword,
          warehouseFlavor,
          checkpointInterval,
          dedupTtl,
          jdbcBatchSize,
          jdbcBatchInterval,
          rollup,
          kafkaSecurity);
    }
  }
}
