package io.devicetrail.local;

import io.devicetrail.connectors.archive.ArchiveReader;
import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.core.fs.FSDataInputStream;
import org.apache.flink.core.fs.FileSystem;
import org.apache.flink.core.fs.Path;
import org.apache.flink.formats.parquet.ParquetInputFile;
import org.apache.parquet.hadoop.ParquetFileReader;

/**
 * Counts the rows committed to the archive from the Parquet footers only (cheap), remembering what
 * it read so that each file is opened once.
 */
final class ArchiveProgress {

  /** Rows and files committed so far for one kind. */
  record Count(long rows, int files, int partitions) {}

  private final ArchiveReader archive;
  private final Map<String, Long> rowsByFile = new HashMap<>();

  ArchiveProgress(String archivePath) {
    this.archive = new ArchiveReader(archivePath);
  }

  Count count(String kind) {
    Map<java.time.LocalDate, List<Path>> files = archive.dataFiles(kind);
    long rows = 0;
    int n = 0;
    for (List<Path> partition : files.values()) {
      for (Path file : partition) {
        rows += rowsByFile.computeIfAbsent(file.toString(), f -> footerRows(file));
        n++;
      }
    }
    return new Count(rows, n, files.size());
  }

  private static long footerRows(Path file) {
    try {
      FileSystem fs = file.getFileSystem();
      long length = fs.getFileStatus(file).getLen();
      try (FSDataInputStream in = fs.open(file);
          ParquetFileReader reader = ParquetFileReader.open(new ParquetInputFile(in, length))) {
        return reader.getRecordCount();
      }
    } catch (IOException e) {
      // A file compacted away between listing and reading: count it next time.
      return 0;
    }
  }
}
