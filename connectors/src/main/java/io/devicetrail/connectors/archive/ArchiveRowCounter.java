package io.devicetrail.connectors.archive;

import java.io.IOException;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.apache.flink.core.fs.FSDataInputStream;
import org.apache.flink.core.fs.FileSystem;
import org.apache.flink.core.fs.Path;
import org.apache.flink.formats.parquet.ParquetInputFile;
import org.apache.parquet.hadoop.ParquetFileReader;

/**
 * Counts the rows committed to the archive from the Parquet footers only (cheap), for progress
 * displays and benchmarks that ask again and again: each file's footer is read once.
 */
public final class ArchiveRowCounter {

  /** Rows, files and date partitions committed so far for one kind. */
  public record Count(long rows, int files, int partitions) {}

  private final ArchiveReader archive;
  private final Map<String, Long> rowsByFile = new HashMap<>();

  public ArchiveRowCounter(String archivePath) {
    this.archive = new ArchiveReader(Objects.requireNonNull(archivePath, "archivePath"));
  }

  /** The committed rows of {@code kind} ({@code signal} or {@code activity}). */
  public Count count(String kind) {
    Map<LocalDate, List<Path>> files = archive.dataFiles(kind);
    long rows = 0;
    int n = 0;
    for (List<Path> partition : files.values()) {
      for (Path file : partition) {
        Long known = rowsByFile.get(file.toString());
        if (known == null) {
          try {
            known = footerRows(file);
            rowsByFile.put(file.toString(), known);
          } catch (IOException e) {
            // Compacted away between listing and reading: it is counted in its successor.
            known = 0L;
          }
        }
        rows += known;
        n++;
      }
    }
    return new Count(rows, n, files.size());
  }

  private static long footerRows(Path file) throws IOException {
    FileSystem fs = file.getFileSystem();
    long length = fs.getFileStatus(file).getLen();
    try (FSDataInputStream in = fs.open(file);
        ParquetFileReader reader = ParquetFileReader.open(new ParquetInputFile(in, length))) {
      return reader.getRecordCount();
    }
  }
}
