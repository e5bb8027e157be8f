package io.devicetrail.connectors.archive;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.MemorySize;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.junit.jupiter.api.Test;

class ArchiveOptionsTest {

  @Test
  void defaultsKeepFilesLargeAndReadableEverywhere() {
    ArchiveOptions options = ArchiveOptions.builder("s3://bucket/archive").build();

    assertThat(options.path()).isEqualTo("s3://bucket/archive");
    assertThat(options.targetFileSizeBytes()).isEqualTo(128L * 1024 * 1024);
    assertThat(options.compactEveryCheckpoints()).isEqualTo(60);
    assertThat(options.compactionThreads()).isEqualTo(1);
    assertThat(options.compression()).isEqualTo(CompressionCodecName.SNAPPY);
  }

  @Test
  void readsEveryOptionFromAFlinkConfiguration() {
    Configuration conf = new Configuration();
    conf.set(ArchiveOptions.PATH, "file:///tmp/archive/");
    conf.set(ArchiveOptions.TARGET_FILE_SIZE, MemorySize.parse("64mb"));
    conf.set(ArchiveOptions.COMPACT_EVERY_CHECKPOINTS, 15);
    conf.set(ArchiveOptions.COMPACTION_THREADS, 2);
    conf.set(ArchiveOptions.COMPRESSION, CompressionCodecName.ZSTD);

    ArchiveOptions options = ArchiveOptions.fromConfiguration(conf);

    assertThat(options.path()).isEqualTo("file:///tmp/archive");
    assertThat(options.targetFileSizeBytes()).isEqualTo(64L * 1024 * 1024);
    assertThat(options.compactEveryCheckpoints()).isEqualTo(15);
    assertThat(options.compactionThreads()).isEqualTo(2);
    assertThat(options.compression()).isEqualTo(CompressionCodecName.ZSTD);
  }

  @Test
  void refusesAConfigurationWithoutPath() {
    assertThatThrownBy(() -> ArchiveOptions.fromConfiguration(new Configuration()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("archive.path");
  }

  @Test
  void refusesNonPositiveSettingsWithTheirName() {
    ArchiveOptions.Builder builder = ArchiveOptions.builder("s3://b/a");

    assertThatThrownBy(() -> builder.targetFileSizeBytes(0))
        .hasMessageContaining("targetFileSizeBytes");
    assertThatThrownBy(() -> builder.compactEveryCheckpoints(0))
        .hasMessageContaining("compactEveryCheckpoints");
    assertThatThrownBy(() -> builder.compactionThreads(-1))
        .hasMessageContaining("compactionThreads");
    assertThatThrownBy(() -> ArchiveOptions.builder(" ")).hasMessageContaining("path");
  }
}
