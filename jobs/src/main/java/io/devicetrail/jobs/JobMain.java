package io.devicetrail.jobs;

import io.devicetrail.connectors.kafka.KafkaClientSecurity;
import io.devicetrail.connectors.postgres.PostgresPassword;
import io.devicetrail.jobs.rollup.RollupOptions;
import io.devicetrail.sql.Migrations;
import io.devicetrail.sql.WarehouseFlavor;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Entry point on a Flink cluster ({@code flink run}, the Kubernetes operator) and for {@code java
 * -jar}: reads options, wires the production sources and sinks, executes. Nothing else lives here.
 *
 * <p>Every option can also come from an environment variable (named in its description) or from an
 * argument file: {@code devicetrail-job @job.args}, one option per line.
 */
@Command(
    name = "devicetrail-job",
    mixinStandardHelpOptions = true,
    version = "devicetrail-job 0.1.0",
    sortOptions = false,
    description =
        "The DeviceTrail Flink job: Kafka in; Parquet archive, PostgreSQL, dead letters out.")
public final class JobMain implements Callable<Integer> {

  private static final String SUPPORT_PASSWORD_ENV = "DEVICETRAIL_SUPPORT_PASSWORD";
  private static final String WAREHOUSE_PASSWORD_ENV = "DEVICETRAIL_WAREHOUSE_PASSWORD";

  @Option(
      names = "--kafka-bootstrap",
      defaultValue = "${env:DEVICETRAIL_KAFKA_BOOTSTRAP:-127.0.0.1:9092}",
      description =
          "Kafka bootstrap servers (env DEVICETRAIL_KAFKA_BOOTSTRAP). Default: ${DEFAULT-VALUE}")
  String kafkaBootstrap;

  @Option(
      names = "--kafka-config",
      defaultValue = "${env:DEVICETRAIL_KAFKA_CONFIG}",
      description =
          "Kafka client security settings for every source and sink (security.protocol, ssl.*,"
              + " sasl.*, config.providers*), as a properties file; every password or secret in it"
              + " must reference a secret file, e.g. $${dir:/etc/devicetrail/kafka:password}"
              + " (env DEVICETRAIL_KAFKA_CONFIG). Default: none (PLAINTEXT)")
  Path kafkaConfig;

  @Option(
      names = "--consumer-group",
      defaultValue = "${env:DEVICETRAIL_CONSUMER_GROUP:-devicetrail-job}",
      description =
          "Kafka consumer group id (env DEVICETRAIL_CONSUMER_GROUP). Default: ${DEFAULT-VALUE}")
  String consumerGroup;

  @Option(
      names = "--archive-path",
      defaultValue = "${env:DEVICETRAIL_ARCHIVE_PATH:-s3://devicetrail/archive}",
      description =
          "Base path of the raw Parquet archive; signal/ and activity/ go below it"
              + " (env DEVICETRAIL_ARCHIVE_PATH). Default: ${DEFAULT-VALUE}")
  String archivePath;

  @Option(
      names = "--support-jdbc-url",
      defaultValue =
          "${env:DEVICETRAIL_SUPPORT_JDBC_URL:-jdbc:postgresql://127.0.0.1:5432/devicetrail}",
      description =
          "JDBC URL of the support database (env DEVICETRAIL_SUPPORT_JDBC_URL). Default: ${DEFAULT-VALUE}")
  String supportJdbcUrl;

  @Option(
      names = "--support-user",
      defaultValue = "${env:DEVICETRAIL_SUPPORT_USER:-devicetrail_loader}",
      description =
          "Support database user (env DEVICETRAIL_SUPPORT_USER). Default: ${DEFAULT-VALUE}")
  String supportUser;

  @Option(
      names = "--support-password-file",
      defaultValue = "${env:DEVICETRAIL_SUPPORT_PASSWORD_FILE}",
      description =
          "File holding the support database password (env DEVICETRAIL_SUPPORT_PASSWORD_FILE);"
              + " else env DEVICETRAIL_SUPPORT_PASSWORD. Default: none")
  Path supportPasswordFile;

  @Option(
      names = "--migrate-support",
      defaultValue = "${env:DEVICETRAIL_MIGRATE_SUPPORT:-true}",
      negatable = true,
      fallbackValue = "true",
      description =
          "Apply the support database migrations before starting (env DEVICETRAIL_MIGRATE_SUPPORT). Default: ${DEFAULT-VALUE}")
  boolean migrateSupport;

  @Option(
      names = "--warehouse-jdbc-url",
      defaultValue =
          "${env:DEVICETRAIL_WAREHOUSE_JDBC_URL:-jdbc:postgresql://127.0.0.1:5432/warehouse}",
      description =
          "JDBC URL of the warehouse: jdbc:redshift://… in production, jdbc:postgresql://… for the"
              + " local stand-in (env DEVICETRAIL_WAREHOUSE_JDBC_URL). Default: ${DEFAULT-VALUE}")
  String warehouseJdbcUrl;

  @Option(
      names = "--warehouse-user",
      defaultValue = "${env:DEVICETRAIL_WAREHOUSE_USER:-devicetrail_loader}",
      description = "Warehouse user (env DEVICETRAIL_WAREHOUSE_USER). Default: ${DEFAULT-VALUE}")
  String warehouseUser;

  @Option(
      names = "--warehouse-password-file",
      defaultValue = "${env:DEVICETRAIL_WAREHOUSE_PASSWORD_FILE}",
      description =
          "File holding the warehouse password (env DEVICETRAIL_WAREHOUSE_PASSWORD_FILE);"
              + " else env DEVICETRAIL_WAREHOUSE_PASSWORD. Default: none")
  Path warehousePasswordFile;

  @Option(
      names = "--warehouse-flavor",
      defaultValue = "${env:DEVICETRAIL_WAREHOUSE_FLAVOR:-POSTGRES}",
      description =
          "REDSHIFT (redshift-jdbc42, Redshift SQL) or POSTGRES (the local stand-in), case-insensitive"
              + " (env DEVICETRAIL_WAREHOUSE_FLAVOR). Default: ${DEFAULT-VALUE}")
  WarehouseFlavor warehouseFlavor;

  @Option(
      names = "--migrate-warehouse",
      defaultValue = "${env:DEVICETRAIL_MIGRATE_WAREHOUSE:-true}",
      negatable = true,
      fallbackValue = "true",
      description =
          "Apply the warehouse migrations before starting (env DEVICETRAIL_MIGRATE_WAREHOUSE). Default: ${DEFAULT-VALUE}")
  boolean migrateWarehouse;

  @Option(
      names = "--rollup-inactivity-delay",
      defaultValue = "${env:DEVICETRAIL_ROLLUP_INACTIVITY_DELAY:-PT15M}",
      description =
          "A bucket left open by a device that went quiet is written provisionally once the device"
              + " is this much overdue for its next reading (env DEVICETRAIL_ROLLUP_INACTIVITY_DELAY)."
              + " Default: ${DEFAULT-VALUE}")
  Duration rollupInactivityDelay;

  @Option(
      names = "--rollup-horizon",
      defaultValue = "${env:DEVICETRAIL_ROLLUP_HORIZON:-P7D}",
      description =
          "Revision horizon: readings up to this much older than a device's newest revise its"
              + " rollups; older ones only reach the raw tiers (env DEVICETRAIL_ROLLUP_HORIZON)."
              + " Default: ${DEFAULT-VALUE}")
  Duration rollupHorizon;

  @Option(
      names = "--checkpoint-interval",
      defaultValue = "${env:DEVICETRAIL_CHECKPOINT_INTERVAL:-PT1M}",
      description =
          "Checkpoint interval, ISO-8601 (env DEVICETRAIL_CHECKPOINT_INTERVAL); archive files are"
              + " committed at checkpoints. Default: ${DEFAULT-VALUE}")
  Duration checkpointInterval;

  @Option(
      names = "--dedup-ttl",
      defaultValue = "${env:DEVICETRAIL_DEDUP_TTL:-PT6H}",
      description =
          "How long (processing time) a reading's identity is remembered to drop duplicates"
              + " (env DEVICETRAIL_DEDUP_TTL). Default: ${DEFAULT-VALUE}")
  Duration dedupTtl;

  @Option(
      names = "--jdbc-batch-size",
      defaultValue = "${env:DEVICETRAIL_JDBC_BATCH_SIZE:-2000}",
      description =
          "Rows per JDBC batch (env DEVICETRAIL_JDBC_BATCH_SIZE). Default: ${DEFAULT-VALUE}")
  int jdbcBatchSize;

  @Option(
      names = "--jdbc-batch-interval",
      defaultValue = "${env:DEVICETRAIL_JDBC_BATCH_INTERVAL:-PT0.5S}",
      description =
          "Longest wait before a partial JDBC batch is written (env DEVICETRAIL_JDBC_BATCH_INTERVAL). Default: ${DEFAULT-VALUE}")
  Duration jdbcBatchInterval;

  @Option(
      names = "--archive-compact-every",
      defaultValue = "${env:DEVICETRAIL_ARCHIVE_COMPACT_EVERY:-60}",
      description =
          "Archive files of a date partition are merged and made visible after at most this many"
              + " checkpoints, or at 128 MB (env DEVICETRAIL_ARCHIVE_COMPACT_EVERY). Default: ${DEFAULT-VALUE}")
  int archiveCompactEvery;

  /**
   * Never calls {@code System.exit}: on a cluster this method runs inside the JobManager (REST jar
   * run, application mode), where an exit would take the JobManager down with it. A usage error or
   * a failed start is thrown instead, so {@code flink run} and the REST API report it.
   */
  public static void main(String[] args) throws Exception {
    Exception[] failure = new Exception[1];
    int exit =
        new CommandLine(new JobMain())
            .setCaseInsensitiveEnumValuesAllowed(true)
            .setExecutionExceptionHandler(
                (e, command, parsed) -> {
                  failure[0] = e;
                  return command.getCommandSpec().exitCodeOnExecutionException();
                })
            .execute(args);
    if (failure[0] != null) {
      throw failure[0];
    }
    if (exit != 0) {
      throw new IllegalArgumentException(
          "devicetrail-job: invalid arguments (exit code " + exit + "); see the usage message");
    }
  }

  /** The settings these options describe; passwords stay references to their file or variable. */
  JobSettings settings() {
    return JobSettings.builder()
        .kafka(kafkaBootstrap, consumerGroup)
        .kafkaSecurity(
            kafkaConfig == null
                ? KafkaClientSecurity.none()
                : KafkaClientSecurity.fromFile(kafkaConfig))
        .archive(archivePath, archiveCompactEvery)
        .support(supportJdbcUrl, supportUser, password(supportPasswordFile, SUPPORT_PASSWORD_ENV))
        .warehouse(
            warehouseJdbcUrl,
            warehouseUser,
            password(warehousePasswordFile, WAREHOUSE_PASSWORD_ENV),
            warehouseFlavor)
        .checkpointInterval(checkpointInterval)
        .dedupTtl(dedupTtl)
        .jdbcBatch(jdbcBatchSize, jdbcBatchInterval)
        .rollup(
            RollupOptions.builder()
                .inactivityDelay(rollupInactivityDelay)
                .horizon(rollupHorizon)
                .build())
        .build();
  }

  // A reference, resolved where connections are opened: the secret never travels in the job graph.
  private static PostgresPassword password(Path file, String variable) {
    if (file != null) {
      return PostgresPassword.fromFile(file);
    }
    return System.getenv(variable) != null
        ? PostgresPassword.fromEnvironment(variable)
        : PostgresPassword.none();
  }

  @Override
  public Integer call() throws Exception {
    JobSettings settings = settings();
    if (migrateSupport) {
      Migrations.migrateSupport(
          settings.supportJdbcUrl(), settings.supportUser(), settings.supportPassword().resolve());
    }
    if (migrateWarehouse) {
      Migrations.migrateWarehouse(
          settings.warehouseJdbcUrl(),
          settings.warehouseUser(),
          settings.warehousePassword().resolve(),
          settings.warehouseFlavor());
    }
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
    JobAssembly.configure(env, settings);
    new DeviceTrailJob(
            ProductionWiring.sources(settings), ProductionWiring.sinks(settings), settings)
        .build(env);
    env.execute("devicetrail");
    return 0;
  }
}
