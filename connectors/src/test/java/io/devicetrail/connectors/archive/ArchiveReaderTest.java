package io.devicetrail.connectors.archive;

import static org.assertj.core.api.Assertions.assertThat;

import io.devicetrail.events.DeviceActivity;
import io.devicetrail.events.SignalReading;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Map;
import org.apache.flink.api.common.serialization.BulkWriter;
import org.apache.flink.core.fs.FSDataOutputStream;
import org.apache.flink.core.fs.FileSystem;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link ArchiveReader} on a local archive ({@code file://}), laid out as the sink lays it out. */
class ArchiveReaderTest {

  @TempDir Path root;

  @Test
  void readsOnlyCommittedDataFilesOfDatePartitions() throws IOException {
    SignalReading a = ArchiveTestData.reading(1);
    SignalReading b = ArchiveTestData.reading(2);
    SignalReading pending = ArchiveTestData.reading(3);
    write("signal/date=2026-11-25/compacted-part-1-0.parquet", a, b);
    // Files waiting for compaction are hidden; reading them would count their rows twice.
    write("signal/date=2026-11-25/.part-2-0.parquet", pending);
    write("signal/date=2026-11-25/_temporary-part.parquet", pending);
    write("signal/not-a-partition/compacted-part-3-0.parquet", pending);
    write("signal/date=garbage/compacted-part-4-0.parquet", pending);

    assertThat(reader().signals()).containsExactlyInAnyOrder(a, b);
    assertThat(reader().fileCounts("signal")).containsExactly(Map.entry(date("2026-11-25"), 1));
  }

  @Test
  void readsTheRequestedRangeOfDatesBothEndsIncluded() throws IOException {
    SignalReading d24 = ArchiveTestData.reading(10);
    SignalReading d25 = ArchiveTestData.reading(11);
    SignalReading d26 = ArchiveTestData.reading(12);
    write("signal/date=2026-11-24/compacted-part-a-0.parquet", d24);
    write("signal/date=2026-11-25/compacted-part-b-0.parquet", d25);
    write("signal/date=2026-11-26/compacted-part-c-0.parquet", d26);

    assertThat(reader().signals(date("2026-11-25"), date("2026-11-26")))
        .containsExactlyInAnyOrder(d25, d26);
  }

  @Test
  void readsActivitiesBackWithEveryField() throws IOException {
    DeviceActivity withDetail =
        new DeviceActivity(
            "dev-1",
            "tenant-a",
            "evt-1",
            Instant.parse("2026-11-26T10:05:00.000123Z"),
            "CONFIG_UPDATE",
            "PENDING",
            "{\"config_version\":7}",
            Instant.parse("2026-11-26T10:06:00Z"));
    DeviceActivity withoutDetail =
        new DeviceActivity(
            "dev-2",
            "tenant-a",
            "evt-2",
            Instant.parse("2026-11-26T23:59:59.999999Z"),
            "REBOOT",
            "OK",
            null,
            Instant.parse("2026-11-27T00:01:00Z"));
    write(
        "activity/date=2026-11-26/compacted-part-a-0.parquet",
        ActivityRecordConverter.INSTANCE,
        withDetail,
        withoutDetail);

    assertThat(reader().activities()).containsExactlyInAnyOrder(withDetail, withoutDetail);
    assertThat(reader().signals()).isEmpty();
  }

  @Test
  void anArchiveThatWasNeverWrittenIsEmpty() {
    assertThat(reader().signals()).isEmpty();
    assertThat(reader().activities()).isEmpty();
  }

  private ArchiveReader reader() {
    return new ArchiveReader(root.toUri().toString());
  }

  private void write(String relative, SignalReading... readings) throws IOException {
    write(relative, SignalRecordConverter.INSTANCE, readings);
  }

  /** Writes a Parquet file exactly as the sink's writers do. */
  @SafeVarargs
  private <T> void write(String relative, ArchiveRecordConverter<T> converter, T... events)
      throws IOException {
    Path file = root.resolve(relative);
    Files.createDirectories(file.getParent());
    org.apache.flink.core.fs.Path path = new org.apache.flink.core.fs.Path(file.toUri());
    BulkWriter.Factory<T> factory =
        ArchiveParquetWriters.forEvents(converter, CompressionCodecName.SNAPPY);
    try (FSDataOutputStream out =
        path.getFileSystem().create(path, FileSystem.WriteMode.NO_OVERWRITE)) {
      BulkWriter<T> writer = factory.create(out);
      for (T event : events) {
        writer.addElement(event);
      }
      writer.finish();
    }
  }

  private static LocalDate date(String text) {
    return LocalDate.parse(text);
  }
}
