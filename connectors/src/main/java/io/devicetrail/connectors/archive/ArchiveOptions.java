package io.devicetrail.connectors.archive;

import java.util.Objects;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;
import org.apache.flink.configuration.MemorySize;
import org.apache.flink.configuration.ReadableConfig;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;

/**
 * Settings of the raw Parquet archive (CONTRACT §3). Immutable; made with {@link #builder(String)}
 * or {@link #fromConfiguration(ReadableConfig)}.
 *
 * <p>How files stay large: every checkpoint the sink writes one hidden file per (subtask, date
 * partition) that received rows. Those hidden files are merged, per partition, into one visible
 * file as soon as they add up to {@link #TARGET_FILE_SIZE}, or at the latest {@link
 * #COMPACT_EVERY_CHECKPOINTS} checkpoints after the first of them was written. So a partition gets
 * at most one file per {@code COMPACT_EVERY_CHECKPOINTS} checkpoints plus one per {@code
 * TARGET_FILE_SIZE} of data, and rows become visible (and queryable) within that many checkpoints.
 */
public final class ArchiveOptions {

  public static final ConfigOption<String> PATH =
      ConfigOptions.key("archive.path")
          .stringType()
          .noDefaultValue()
          .withDescription(
              "Base path of the raw archive, for example s3://bucket/archive or"
                  + " file:///data/archive; signal/ and activity/ are written under it.");

  public static final ConfigOption<MemorySize> TARGET_FILE_SIZE =
      ConfigOptions.key("archive.target-file-size")
          .memoryType()
          .defaultValue(MemorySize.ofMebiBytes(128))
          .withDescription(
              "Compressed size at which the small per-checkpoint files of a date partition are"
                  + " merged into one file right away.");

  public static final ConfigOption<Integer> COMPACT_EVERY_CHECKPOINTS =
      ConfigOptions.key("archive.compact-every-checkpoints")
          .intType()
          .defaultValue(60)
          .withDescription(
              "Merge the pending files of a date partition at the latest this many checkpoints"
                  + " after the first of them was written (with 1-minute checkpoints, 60 = rows are"
                  + " visible within about an hour and a partition gets at most 24 files a day,"
                  + " plus one per target-file-size of data).");

  public static final ConfigOption<Integer> COMPACTION_THREADS =
      ConfigOptions.key("archive.compaction-threads")
          .intType()
          .defaultValue(1)
          .withDescription("Threads per compactor subtask that rewrite small files.");

  public static final ConfigOption<CompressionCodecName> COMPRESSION =
      ConfigOptions.key("archive.compression")
          .enumType(CompressionCodecName.class)
          .defaultValue(CompressionCodecName.SNAPPY)
          .withDescription(
              "Parquet compression codec; SNAPPY is read by Athena, Redshift Spectrum and DuckDB.");

  private final String path;
  private final long targetFileSizeBytes;
  private final int compactEveryCheckpoints;
  private final int compactionThreads;
  private final CompressionCodecName compression;

  private ArchiveOptions(Builder b) {
    this.path = b.path;
    this.targetFileSizeBytes = b.targetFileSizeBytes;
    this.compactEveryCheckpoints = b.compactEveryCheckpoints;
    this.compactionThreads = b.compactionThreads;
    this.compression = b.compression;
  }

  /** Options with every default but the base path. */
  public static Builder builder(String path) {
    return new Builder(path);
  }

  /** Reads the {@code archive.*} options; {@link #PATH} is required. */
  public static ArchiveOptions fromConfiguration(ReadableConfig config) {
    String path =
        config
            .getOptional(PATH)
            .orElseThrow(() -> new IllegalArgumentException(PATH.key() + " must be set"));
    return builder(path)
        .targetFileSizeBytes(config.get(TARGET_FILE_SIZE).getBytes())
        .compactEveryCheckpoints(config.get(COMPACT_EVERY_CHECKPOINTS))
        .compactionThreads(config.get(COMPACTION_THREADS))
        .compression(config.get(COMPRESSION))
        .build();
  }

  public String path() {
    return path;
  }

  public long targetFileSizeBytes() {
    return targetFileSizeBytes;
  }

  public int compactEveryCheckpoints() {
    return compactEveryCheckpoints;
  }

  public int compactionThreads() {
    return compactionThreads;
  }

  public CompressionCodecName compression() {
    return compression;
  }

  @Override
  public String toString() {
    return "ArchiveOptions[path="
        + path
        + ", targetFileSize="
        + new MemorySize(targetFileSizeBytes).toHumanReadableString()
        + ", compactEveryCheckpoints="
        + compactEveryCheckpoints
        + ", compactionThreads="
        + compactionThreads
        + ", compression="
        + compression
        + "]";
  }

  /** Builder of {@link ArchiveOptions}; every argument is checked when set. */
  public static final class Builder {
    private final String path;
    private long targetFileSizeBytes = TARGET_FILE_SIZE.defaultValue().getBytes();
    private int compactEveryCheckpoints = COMPACT_EVERY_CHECKPOINTS.defaultValue();
    private int compactionThreads = COMPACTION_THREADS.defaultValue();
    private CompressionCodecName compression = COMPRESSION.defaultValue();

    private Builder(String path) {
      Objects.requireNonNull(path, "path cannot be null");
      if (path.isBlank()) {
        throw new IllegalArgumentException("path cannot be blank");
      }
      // A trailing slash would give paths like s3://bucket/archive//signal.
      this.path = path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
    }

    public Builder targetFileSizeBytes(long bytes) {
      if (bytes <= 0) {
        throw new IllegalArgumentException("targetFileSizeBytes must be positive, got " + bytes);
      }
      this.targetFileSizeBytes = bytes;
      return this;
    }

    public Builder compactEveryCheckpoints(int checkpoints) {
      if (checkpoints <= 0) {
        throw new IllegalArgumentException(
            "compactEveryCheckpoints must be positive, got " + checkpoints);
      }
      this.compactEveryCheckpoints = checkpoints;
      return this;
    }

    public Builder compactionThreads(int threads) {
      if (threads <= 0) {
        throw new IllegalArgumentException("compactionThreads must be positive, got " + threads);
      }
      this.compactionThreads = threads;
      return this;
    }

    public Builder compression(CompressionCodecName codec) {
      this.compression = Objects.requireNonNull(codec, "compression cannot be null");
      return this;
    }

    public ArchiveOptions build() {
      return new ArchiveOptions(this);
    }
  }
}
