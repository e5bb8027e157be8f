package io.devicetrail.jobs;

import io.devicetrail.connectors.archive.ArchiveOptions;
import io.devicetrail.connectors.archive.ParquetArchive;
import io.devicetrail.connectors.kafka.KafkaSinks;
import io.devicetrail.connectors.kafka.KafkaSources;
import io.devicetrail.connectors.kafka.RawRecord;
import io.devicetrail.connectors.postgres.PostgresConnection;
import io.devicetrail.connectors.postgres.SupportDbSinks;
import io.devicetrail.connectors.warehouse.DeviceAttributes;
import io.devicetrail.connectors.warehouse.WarehouseConnection;
import io.devicetrail.connectors.warehouse.WarehouseDialect;
import io.devicetrail.connectors.warehouse.WarehouseSinkOptions;
import io.devicetrail.connectors.warehouse.WarehouseSinks;
import io.devicetrail.connectors.warehouse.model.DeviceCadence;
import io.devicetrail.connectors.warehouse.model.SignalRollup;
import io.devicetrail.events.DeadLetter;
import io.devicetrail.events.DeviceActivity;
import io.devicetrail.events.DeviceSnapshot;
import io.devicetrail.events.SignalReading;
import io.devicetrail.events.Topics;
import io.devicetrail.sql.WarehouseFlavor;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.connector.jdbc.JdbcExecutionOptions;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.kafka.clients.consumer.OffsetResetStrategy;

/** The production sources and sinks, from {@link JobSettings}. */
public final class ProductionWiring {

  private ProductionWiring() {}

  /**
   * One Kafka source per contract topic. A fresh consumer group starts at the earliest offset so
   * nothing published before the job's first start is lost; after that, offsets come from the
   * checkpoint (or the group's committed offsets).
   */
  @SuppressWarnings("deprecation") // OffsetResetStrategy is what this connector version accepts.
  public static JobSources sources(JobSettings settings) {
    OffsetsInitializer start = OffsetsInitializer.committedOffsets(OffsetResetStrategy.EARLIEST);
    return new JobSources(
        source(settings, Topics.SIGNAL, start),
        source(settings, Topics.ACTIVITY, start),
        source(settings, Topics.DEVICE, start));
  }

  private static KafkaSource<RawRecord> source(
      JobSettings settings, String topic, OffsetsInitializer start) {
    return KafkaSources.raw(
        settings.kafkaBootstrap(),
        topic,
        settings.consumerGroup(),
        start,
        settings.kafkaSecurity());
  }

  public static JobSinks sinks(JobSettings settings) {
    return new Sinks(settings);
  }

  private static final class Sinks implements JobSinks {
    private final JobSettings settings;
    private final PostgresConnection support;
    private final JdbcExecutionOptions jdbc;
    private final ArchiveOptions archive;
    private final WarehouseConnection warehouse;
    private final WarehouseDialect dialect;

    Sinks(JobSettings settings) {
      this.settings = settings;
      this.support =
          PostgresConnection.of(
              settings.supportJdbcUrl(), settings.supportUser(), settings.supportPassword());
      this.jdbc =
          JdbcExecutionOptions.builder()
              .withBatchSize(settings.jdbcBatchSize())
              .withBatchIntervalMs(settings.jdbcBatchInterval().toMillis())
              .withMaxRetries(5)
              .build();
      boolean redshift = settings.warehouseFlavor() == WarehouseFlavor.REDSHIFT;
      this.warehouse =
          redshift
              ? WarehouseConnection.redshift(
                  settings.warehouseJdbcUrl(),
                  settings.warehouseUser(),
                  settings.warehousePassword())
              : WarehouseConnection.postgres(
                  settings.warehouseJdbcUrl(),
                  settings.warehouseUser(),
                  settings.warehousePassword());
      this.dialect = redshift ? WarehouseDialect.redshift() : WarehouseDialect.postgres();
      this.archive =
          ArchiveOptions.builder(settings.archivePath())
              .compactEveryCheckpoints(settings.archiveCompactEveryCheckpoints())
              .build();
    }

    @Override
    public Sink<SignalReading> signalArchive() {
      return ParquetArchive.signalSink(archive);
    }

    @Override
    public Sink<DeviceActivity> activityArchive() {
      return ParquetArchive.activitySink(archive);
    }

    @Override
    public Sink<SignalReading> signalRecent() {
      return SupportDbSinks.signalRecent(support, jdbc);
    }

    @Override
    public Sink<SignalReading> latestFromSignal() {
      return SupportDbSinks.deviceLatestFromSignal(support, jdbc);
    }

    @Override
    public Sink<DeviceActivity> activityRecent() {
      return SupportDbSinks.activityRecent(support, jdbc);
    }

    @Override
    public Sink<DeviceActivity> latestFromActivity() {
      return SupportDbSinks.deviceLatestFromActivity(support, jdbc);
    }

    @Override
    public Sink<DeviceSnapshot> device() {
      return SupportDbSinks.device(support, jdbc);
    }

    @Override
    public Sink<SignalReading> signalRaw() {
      return WarehouseSinks.signalRaw(warehouse, dialect, WarehouseSinkOptions.defaults());
    }

    @Override
    public Sink<SignalRollup> rollups() {
      return WarehouseSinks.rollups(warehouse, dialect, WarehouseSinkOptions.defaults());
    }

    @Override
    public Sink<DeviceActivity> activityEvent() {
      return WarehouseSinks.activityEvent(warehouse, dialect, WarehouseSinkOptions.defaults());
    }

    @Override
    public Sink<DeviceAttributes> dimDevice() {
      return WarehouseSinks.dimDevice(warehouse, dialect, WarehouseSinkOptions.defaults());
    }

    @Override
    public Sink<DeviceCadence> deviceCadence() {
      return SupportDbSinks.deviceCadence(support, jdbc);
    }

    @Override
    public Sink<DeadLetter> deadLetters() {
      // At least once: a dead letter repeated after a restart is harmless, one lost is not.
      return KafkaSinks.deadLetters(
          settings.kafkaBootstrap(),
          DeliveryGuarantee.AT_LEAST_ONCE,
          KafkaSinks.DEFAULT_TRANSACTIONAL_ID_PREFIX,
          settings.kafkaSecurity());
    }
  }
}
