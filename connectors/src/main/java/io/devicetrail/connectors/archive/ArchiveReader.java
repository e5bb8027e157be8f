package io.devicetrail.connectors.archive;

import io.devicetrail.events.DeviceActivity;
import io.devicetrail.events.SignalReading;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Consumer;
import org.apache.flink.core.fs.FileStatus;
import org.apache.flink.core.fs.FileSystem;
import org.apache.flink.core.fs.Path;

/**
 * Reads every committed row of an archive back, through Flink's {@link FileSystem}: {@code file://}
 * always, {@code s3://} once the S3 plugin is initialised ({@code FlinkS3.initialize}).
 *
 * <p>Only committed data files are read: names starting with {@code .} or {@code _} (in-progress
 * files, files waiting for compaction, markers) are skipped, as Athena and Spectrum skip them.
 */
public final class ArchiveReader {

  private static final String PARTITION_KEY = "date=";

  private final String path;

  /** A reader of the archive at {@code path}, the same base path as {@link ArchiveOptions#path}. */
  public ArchiveReader(String path) {
    Objects.requireNonNull(path, "path cannot be null");
    this.path = path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
  }

  public List<SignalReading> signals() {
    return read(SignalRecordConverter.INSTANCE, LocalDate.MIN, LocalDate.MAX);
  }

  /** The readings of the date partitions from {@code first} to {@code last}, both included. */
  public List<SignalReading> signals(LocalDate first, LocalDate last) {
    return read(SignalRecordConverter.INSTANCE, first, last);
  }

  public List<DeviceActivity> activities() {
    return read(ActivityRecordConverter.INSTANCE, LocalDate.MIN, LocalDate.MAX);
  }

  public List<DeviceActivity> activities(LocalDate first, LocalDate last) {
    return read(ActivityRecordConverter.INSTANCE, first, last);
  }

  /** Every row of one kind in the date partitions from {@code first} to {@code last}. */
  public <T> List<T> read(ArchiveRecordConverter<T> converter, LocalDate first, LocalDate last) {
    List<T> rows = new ArrayList<>();
    forEach(converter, first, last, rows::add);
    return rows;
  }

  /**
   * Streams every row of one kind in the date partitions from {@code first} to {@code last} to
   * {@code action}, partition by partition, holding one row group in memory at a time: for ranges
   * too large to collect, such as a day at production rates.
   */
  public <T> void forEach(
      ArchiveRecordConverter<T> converter,
      LocalDate first,
      LocalDate last,
      Consumer<? super T> action) {
    for (List<Path> files : dataFiles(converter.kind()).subMap(first, true, last, true).values()) {
      for (Path file : files) {
        try (ArchiveFileReader<T> reader = new ArchiveFileReader<>(converter, file)) {
          for (T row = reader.read(); row != null; row = reader.read()) {
            action.accept(row);
          }
        } catch (IOException e) {
          throw new UncheckedIOException("cannot read archive file " + file, e);
        }
      }
    }
  }

  /**
   * The committed data files of one kind ({@code signal} or {@code activity}) by partition date,
   * dates ascending, files by name. Empty when nothing was written yet.
   */
  public TreeMap<LocalDate, List<Path>> dataFiles(String kind) {
    TreeMap<LocalDate, List<Path>> byDate = new TreeMap<>();
    Path kindDir = new Path(path + "/" + kind);
    try {
      FileSystem fs = kindDir.getFileSystem();
      for (FileStatus partition : list(fs, kindDir)) {
        Optional<LocalDate> date = partitionDate(partition);
        if (date.isEmpty()) {
          continue;
        }
        List<Path> files = new ArrayList<>();
        for (FileStatus file : list(fs, partition.getPath())) {
          if (!file.isDir() && isVisible(file.getPath().getName())) {
            files.add(file.getPath());
          }
        }
        files.sort(Comparator.comparing(Path::getName));
        if (!files.isEmpty()) {
          byDate.put(date.get(), files);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list archive " + kindDir, e);
    }
    return byDate;
  }

  /** Number of committed data files per date partition of one kind. */
  public Map<LocalDate, Integer> fileCounts(String kind) {
    Map<LocalDate, Integer> counts = new TreeMap<>();
    dataFiles(kind).forEach((date, files) -> counts.put(date, files.size()));
    return counts;
  }

  /** Hidden and underscore names are in-progress, pending or marker files, never data. */
  static boolean isVisible(String name) {
    return !name.startsWith(".") && !name.startsWith("_");
  }

  private static Optional<LocalDate> partitionDate(FileStatus status) {
    String name = status.getPath().getName();
    if (!status.isDir() || !name.startsWith(PARTITION_KEY)) {
      return Optional.empty();
    }
    try {
      return Optional.of(LocalDate.parse(name.substring(PARTITION_KEY.length())));
    } catch (DateTimeParseException e) {
      return Optional.empty();
    }
  }

  private static List<FileStatus> list(FileSystem fs, Path dir) throws IOException {
    if (!fs.exists(dir)) {
      return List.of();
    }
    FileStatus[] statuses = fs.listStatus(dir);
    return statuses == null ? List.of() : List.of(statuses);
  }
}
