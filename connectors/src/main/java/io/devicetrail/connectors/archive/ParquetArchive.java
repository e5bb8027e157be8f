package io.devicetrail.connectors.archive;

import io.devicetrail.events.DeviceActivity;
import io.devicetrail.events.SignalReading;
import java.util.Objects;
import org.apache.flink.connector.file.sink.FileSink;
import org.apache.flink.connector.file.sink.compactor.FileCompactStrategy;
import org.apache.flink.connector.file.sink.compactor.RecordWiseFileCompactor;
import org.apache.flink.core.fs.Path;
import org.apache.flink.streaming.api.functions.sink.filesystem.OutputFileConfig;
import org.apache.flink.streaming.api.functions.sink.filesystem.rollingpolicies.OnCheckpointRollingPolicy;

/**
 * The sinks of the raw archive (CONTRACT §3): {@code <path>/signal/date=YYYY-MM-DD/*.parquet} and
 * {@code <path>/activity/date=YYYY-MM-DD/*.parquet}, partitioned by the event's UTC date.
 *
 * <pre>{@code
 * ArchiveOptions options = ArchiveOptions.builder("s3://bucket/archive").build();
 * readings.sinkTo(ParquetArchive.signalSink(options)).uid("archive-signal").name("archive-signal");
 * }</pre>
 *
 * <p>The sink needs a {@code uid}: its compaction operators carry fixed uids that Flink prefixes
 * with the sink's, and refuses the job without one.
 *
 * <p>Exactly once: every checkpoint the writers close their files under hidden names ({@code
 * .part-…}); compaction merges them into {@code compacted-part-….parquet}, which is written as an
 * in-progress upload and becomes visible only when the checkpoint that carries it completes; then
 * the hidden inputs are deleted. Readers must skip names starting with {@code .} or {@code _}, as
 * Athena, Redshift Spectrum, Hive and {@link ArchiveReader} do. DuckDB's {@code *} does match
 * hidden names, and the hidden files waiting for compaction are complete Parquet files whose rows
 * reappear in the compacted file: read with a glob on the visible name, <code>
 * read_parquet('s3://bucket/archive/signal/date=*&#47;compacted-*.parquet', hive_partitioning =
 * true)</code>.
 *
 * <p>Files per partition: one per {@link ArchiveOptions#COMPACT_EVERY_CHECKPOINTS} checkpoints in
 * which the partition received rows, plus one per {@link ArchiveOptions#TARGET_FILE_SIZE} of data.
 * Compacted files are never merged again.
 */
public final class ParquetArchive {

  /** The configured prefix of data files; compacted files are named {@code compacted-part-…}. */
  public static final String PART_PREFIX = "part";

  public static final String PART_SUFFIX = ".parquet";

  private ParquetArchive() {}

  public static FileSink<SignalReading> signalSink(ArchiveOptions options) {
    return sink(options, SignalRecordConverter.INSTANCE);
  }

  public static FileSink<DeviceActivity> activitySink(ArchiveOptions options) {
    return sink(options, ActivityRecordConverter.INSTANCE);
  }

  /** The archive sink of one kind of event, under {@code <path>/<kind>/}. */
  public static <T> FileSink<T> sink(ArchiveOptions options, ArchiveRecordConverter<T> converter) {
    Objects.requireNonNull(options, "options cannot be null");
    Objects.requireNonNull(converter, "converter cannot be null");
    return FileSink.forBulkFormat(
            new Path(options.path() + "/" + converter.kind()),
            ArchiveParquetWriters.forEvents(converter, options.compression()))
        .withBucketAssigner(new EventDateBucketAssigner<>(converter))
        // Bulk formats can only roll on checkpoints; compaction makes the files large.
        .withRollingPolicy(OnCheckpointRollingPolicy.build())
        .withOutputFileConfig(
            OutputFileConfig.builder()
                .withPartPrefix(PART_PREFIX)
                .withPartSuffix(PART_SUFFIX)
                .build())
        .enableCompact(
            FileCompactStrategy.Builder.newBuilder()
                .setSizeThreshold(options.targetFileSizeBytes())
                .enableCompactionOnCheckpoint(options.compactEveryCheckpoints())
                .setNumCompactThreads(options.compactionThreads())
                .build(),
            new RecordWiseFileCompactor<>(new ArchiveFileReader.Factory<>(converter)))
        .build();
  }
}
