package io.devicetrail.connectors.archive;

import static org.assertj.core.api.Assertions.assertThat;

import io.devicetrail.connectors.flink.FlinkS3;
import io.devicetrail.events.SignalReading;
import io.devicetrail.localservices.LocalS3;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.connector.source.util.ratelimit.RateLimiterStrategy;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.connector.datagen.source.DataGeneratorSource;
import org.apache.flink.core.fs.FSDataInputStream;
import org.apache.flink.core.fs.FileStatus;
import org.apache.flink.core.fs.FileSystem;
import org.apache.flink.formats.parquet.ParquetInputFile;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.metadata.BlockMetaData;
import org.apache.parquet.hadoop.metadata.ColumnChunkMetaData;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.hadoop.metadata.ParquetMetadata;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.LogicalTypeAnnotation.TimeUnit;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;
import org.apache.parquet.schema.Type.Repetition;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The archive end to end, as in production: a Flink job on a MiniCluster (2 slots, a checkpoint
 * every 500 ms) writes through flink-s3-fs-hadoop, loaded as a plugin, to a real S3 server
 * (s3proxy), and the rows are read back through the same plugin.
 *
 * <p>The source releases a fixed number of readings per checkpoint, so the rows of every date
 * partition, the late one included, are spread over many checkpoints: without compaction each
 * checkpoint would leave one small file per writer and partition. Midway the job fails once and
 * restarts from its last checkpoint, so "exactly once" is checked across a recovery too.
 */
class ParquetArchiveS3Test {

  private static final int READINGS = 3_000;
  private static final int READINGS_PER_CHECKPOINT = 250;
  private static final int COMPACT_EVERY_CHECKPOINTS = 4;
  private static final int FAIL_AFTER_CHECKPOINT = 6;

  @RegisterExtension
  static final MiniClusterExtension FLINK =
      new MiniClusterExtension(
          new MiniClusterResourceConfiguration.Builder()
              .setNumberTaskManagers(1)
              .setNumberSlotsPerTaskManager(2)
              .build());

  @TempDir static Path dataDir;

  private static LocalS3 s3;
  private static String path;
  private static ArchiveReader archive;
  private static long checkpoints;

  @BeforeAll
  static void writeArchivesToS3() throws Exception {
    s3 = LocalS3.start(dataDir.resolve("s3"), "archive-test");
    FlinkS3.initialize(
        FlinkS3.configuration(s3.endpoint(), s3.accessKey(), s3.secretKey()),
        Path.of(System.getProperty("devicetrail.build.directory", "target"), "plugins"));
    path = "s3://" + s3.bucket() + "/archive";

    runArchiveJob(
        ArchiveOptions.builder(path).compactEveryCheckpoints(COMPACT_EVERY_CHECKPOINTS).build());

    checkpoints = CheckpointCounter.HIGHEST_COMPLETED.get();
    archive = new ArchiveReader(path);
  }

  @AfterAll
  static void stopS3() {
    if (s3 != null) {
      s3.close();
    }
  }

  @Test
  void everyReadingIsReadBackExactlyOnceWithEveryValueEqualDespiteARestart() {
    List<SignalReading> expected = ArchiveTestData.readings(READINGS);

    assertThat(FailOnceAfterCheckpoint.FAILED).as("the job failed and recovered once").isTrue();
    assertThat(archive.signals()).containsExactlyInAnyOrderElementsOf(expected);
  }

  @Test
  void eachReadingLandsInThePartitionOfItsUtcDateLateOnesIncluded() {
    assertThat(archive.dataFiles("signal").keySet())
        .containsExactly(
            ArchiveTestData.OLD_DATE,
            ArchiveTestData.RECENT_DATES.get(0),
            ArchiveTestData.RECENT_DATES.get(1),
            ArchiveTestData.RECENT_DATES.get(2));
    for (LocalDate date : archive.dataFiles("signal").keySet()) {
      assertThat(archive.signals(date, date))
          .isNotEmpty()
          .allSatisfy(r -> assertThat(r.ts().atZone(ZoneOffset.UTC).toLocalDate()).isEqualTo(date));
    }
  }

  @Test
  void compactionLeavesFarFewerFilesPerPartitionThanCheckpoints() {
    Map<LocalDate, Integer> files = archive.fileCounts("signal");
    System.out.printf(
        "Archive compacted every %d checkpoints: files per partition after %d checkpoints: %s%n",
        COMPACT_EVERY_CHECKPOINTS, checkpoints, files);

    assertThat(checkpoints).isGreaterThanOrEqualTo(READINGS / READINGS_PER_CHECKPOINT);
    // Without compaction: one file per writer (2) per partition per checkpoint with data. With
    // it: one per COMPACT_EVERY_CHECKPOINTS checkpoints, one more for the rows flushed at the end,
    // and at most one more because the restart restarts the count.
    assertThat(files.values())
        .allSatisfy(
            count ->
                assertThat(count.longValue())
                    .isLessThanOrEqualTo(checkpoints / COMPACT_EVERY_CHECKPOINTS + 2)
                    .isLessThan(checkpoints / 2));
    assertThat(archive.dataFiles("signal").values().stream().flatMap(List::stream))
        .allSatisfy(
            file -> assertThat(file.getName()).startsWith("compacted-part-").endsWith(".parquet"));
  }

  @Test
  void noInProgressOrUncompactedFileIsLeftBehindOnceTheJobHasFinished() throws Exception {
    org.apache.flink.core.fs.Path signalDir = new org.apache.flink.core.fs.Path(path + "/signal");
    FileSystem fs = signalDir.getFileSystem();
    List<String> hidden = new ArrayList<>();
    for (FileStatus partition : fs.listStatus(signalDir)) {
      for (FileStatus file : fs.listStatus(partition.getPath())) {
        if (!ArchiveReader.isVisible(file.getPath().getName())) {
          hidden.add(file.getPath().toString());
        }
      }
    }

    assertThat(hidden).isEmpty();
  }

  @Test
  void parquetColumnsUseTheLogicalTypesThatAthenaSpectrumAndDuckDbRead() throws Exception {
    org.apache.flink.core.fs.Path file = archive.dataFiles("signal").firstEntry().getValue().get(0);
    ParquetMetadata footer = footer(file);
    MessageType schema = footer.getFileMetaData().getSchema();

    for (String timestamp : List.of("ts", "fetched_at")) {
      PrimitiveType column = schema.getType(timestamp).asPrimitiveType();
      assertThat(column.getPrimitiveTypeName()).isEqualTo(PrimitiveTypeName.INT64);
      assertThat(column.getLogicalTypeAnnotation())
          .isEqualTo(LogicalTypeAnnotation.timestampType(true, TimeUnit.MICROS));
      assertThat(column.getRepetition()).isEqualTo(Repetition.REQUIRED);
    }
    for (String text : List.of("device_id", "tenant_id", "cell_id")) {
      PrimitiveType column = schema.getType(text).asPrimitiveType();
      assertThat(column.getPrimitiveTypeName()).isEqualTo(PrimitiveTypeName.BINARY);
      assertThat(column.getLogicalTypeAnnotation()).isEqualTo(LogicalTypeAnnotation.stringType());
    }
    assertThat(schema.getType("rssi_dbm").asPrimitiveType().getPrimitiveTypeName())
        .isEqualTo(PrimitiveTypeName.DOUBLE);
    assertThat(schema.getType("rssi_dbm").getRepetition()).isEqualTo(Repetition.REQUIRED);
    assertThat(schema.getType("snr_db").getRepetition()).isEqualTo(Repetition.OPTIONAL);
    assertThat(schema.getType("battery_mv").asPrimitiveType().getPrimitiveTypeName())
        .isEqualTo(PrimitiveTypeName.INT32);
    assertThat(footer.getBlocks())
        .flatMap(BlockMetaData::getColumns)
        .extracting(ColumnChunkMetaData::getCodec)
        .containsOnly(CompressionCodecName.SNAPPY);
  }

  private static void runArchiveJob(ArchiveOptions options) throws Exception {
    Configuration conf = new Configuration();
    conf.set(RestartStrategyOptions.RESTART_STRATEGY, "fixed-delay");
    conf.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_ATTEMPTS, 1);
    conf.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_DELAY, Duration.ofMillis(100));
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
    env.setParallelism(2);
    env.enableCheckpointing(500);
    DataStream<SignalReading> readings =
        env.fromSource(
                new DataGeneratorSource<>(
                    new ArchiveTestData.Generator(),
                    READINGS,
                    RateLimiterStrategy.perCheckpoint(READINGS_PER_CHECKPOINT),
                    TypeInformation.of(SignalReading.class)),
                WatermarkStrategy.noWatermarks(),
                "readings")
            .map(new CheckpointCounter<>())
            .name("count-checkpoints")
            .map(new FailOnceAfterCheckpoint<>(FAIL_AFTER_CHECKPOINT))
            .name("fail-once");
    readings
        .sinkTo(ParquetArchive.signalSink(options))
        .uid("archive-signal")
        .name("archive-signal");
    env.execute("archive-test");
  }

  private static ParquetMetadata footer(org.apache.flink.core.fs.Path file) throws Exception {
    FileSystem fs = file.getFileSystem();
    try (FSDataInputStream in = fs.open(file);
        ParquetFileReader reader =
            ParquetFileReader.open(new ParquetInputFile(in, fs.getFileStatus(file).getLen()))) {
      return reader.getFooter();
    }
  }
}
