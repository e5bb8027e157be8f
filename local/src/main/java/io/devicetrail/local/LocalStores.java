package io.devicetrail.local;

import io.devicetrail.connectors.postgres.PostgresPassword;
import io.devicetrail.events.Topics;
import io.devicetrail.jobs.JobSettings;
import io.devicetrail.jobs.LocalJobRunner;
import io.devicetrail.localservices.LocalServices;
import io.devicetrail.sql.Migrations;
import io.devicetrail.sql.WarehouseFlavor;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.Map;
import java.util.Set;
import org.apache.flink.configuration.Configuration;

/**
 * What a run of the job needs on the local services, made ready once: the contract's topics, the
 * support database and the warehouse stand-in, both migrated; and the job's settings and runner
 * pointing at them. Used by the local run, its end-to-end tests and the benchmark.
 */
public final class LocalStores {

  public static final String SUPPORT_DB = "devicetrail";
  public static final String WAREHOUSE_DB = "warehouse";

  private final LocalServices services;
  private final String supportUrl;
  private final String warehouseUrl;

  private LocalStores(LocalServices services, String supportUrl, String warehouseUrl) {
    this.services = services;
    this.supportUrl = supportUrl;
    this.warehouseUrl = warehouseUrl;
  }

  /**
   * Creates what is missing (idempotent, so a rerun on kept data changes nothing).
   *
   * @param partitions partitions of the signal, activity and device topics
   */
  public static LocalStores prepare(LocalServices services, int partitions) throws SQLException {
    services
        .kafka()
        .createTopics(
            Map.of(
                Topics.SIGNAL, partitions,
                Topics.ACTIVITY, partitions,
                Topics.DEVICE, partitions,
                Topics.DEADLETTER, 1),
            Set.of(Topics.DEVICE));
    String user = services.postgres().user();
    String password = services.postgres().password();
    services.postgres().createDatabaseIfMissing(SUPPORT_DB);
    services.postgres().createDatabaseIfMissing(WAREHOUSE_DB);
    String supportUrl = services.postgres().jdbcUrl(SUPPORT_DB);
    String warehouseUrl = services.postgres().jdbcUrl(WAREHOUSE_DB);
    Migrations.migrateSupport(supportUrl, user, password);
    Migrations.migrateWarehouse(warehouseUrl, user, password, WarehouseFlavor.POSTGRES);
    return new LocalStores(services, supportUrl, warehouseUrl);
  }

  public String supportUrl() {
    return supportUrl;
  }

  public String warehouseUrl() {
    return warehouseUrl;
  }

  /** The archive's base path in the local bucket. */
  public String archivePath() {
    return "s3://" + services.s3().bucket() + "/archive";
  }

  /** The job's settings for these stores; callers tune intervals and batches on the builder. */
  public JobSettings.Builder jobSettings(String consumerGroup, int archiveCompactEveryCheckpoints) {
    String user = services.postgres().user();
    PostgresPassword password = PostgresPassword.of(services.postgres().password());
    return JobSettings.builder()
        .kafka(services.kafka().bootstrapServers(), consumerGroup)
        .archive(archivePath(), archiveCompactEveryCheckpoints)
        .support(supportUrl, user, password)
        .warehouse(warehouseUrl, user, password, WarehouseFlavor.POSTGRES);
  }

  /** A MiniCluster runner writing to the local S3 endpoint. */
  public LocalJobRunner jobRunner(
      Path pluginsDir, Path checkpointDir, int parallelism, Configuration extra) {
    return new LocalJobRunner(
        pluginsDir,
        checkpointDir,
        new LocalJobRunner.S3Endpoint(
            services.s3().endpoint(), services.s3().accessKey(), services.s3().secretKey()),
        parallelism,
        extra);
  }
}
