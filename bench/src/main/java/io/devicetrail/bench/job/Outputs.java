package io.devicetrail.bench.job;

import io.devicetrail.connectors.archive.ArchiveReader;
import io.devicetrail.events.Topics;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.flink.core.fs.FSDataInputStream;
import org.apache.flink.core.fs.FileSystem;
import org.apache.flink.core.fs.Path;
import org.apache.flink.formats.parquet.ParquetInputFile;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.parquet.hadoop.ParquetFileReader;

/**
 * Counts what the job has written where a user would look: rows in the support database and the
 * warehouse, messages on the dead-letter topic, rows in the committed archive files (from their
 * Parquet footers, so counting is cheap enough to poll).
 */
final class Outputs implements AutoCloseable {

  /** One count of everything. */
  record Counts(
      long signalRecent,
      long deviceLatest,
      long signalRaw,
      long signalHourly,
      long deadLetters,
      long archived) {}

  private final Connection support;
  private final Connection warehouse;
  private final KafkaConsumer<byte[], byte[]> kafka;
  private final ArchiveReader archive;
  private final Map<String, Long> rowsPerFile = new HashMap<>();

  Outputs(
      String supportUrl,
      String warehouseUrl,
      String user,
      String password,
      String bootstrap,
      String archivePath)
      throws SQLException {
    support = DriverManager.getConnection(supportUrl, user, password);
    warehouse = DriverManager.getConnection(warehouseUrl, user, password);
    Properties p = new Properties();
    p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    kafka = new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    archive = new ArchiveReader(archivePath);
  }

  long signalRecent() throws SQLException {
    return count(support, "SELECT count(*) FROM signal_recent");
  }

  long deviceLatest() throws SQLException {
    return count(support, "SELECT count(*) FROM device_latest WHERE last_reading_ts IS NOT NULL");
  }

  long signalRaw() throws SQLException {
    return count(warehouse, "SELECT count(*) FROM signal_raw");
  }

  long signalHourly() throws SQLException {
    return count(warehouse, "SELECT count(*) FROM signal_hourly");
  }

  long deadLetters() {
    TopicPartition tp = new TopicPartition(Topics.DEADLETTER, 0);
    return kafka.endOffsets(List.of(tp)).get(tp);
  }

  /** Rows in the committed (visible) signal archive files. */
  long archived() {
    long rows = 0;
    for (List<Path> files : archive.dataFiles("signal").values()) {
      for (Path file : files) {
        rows += rowsPerFile.computeIfAbsent(file.toString(), f -> footerRowCount(file));
      }
    }
    return rows;
  }

  Counts all() throws SQLException {
    return new Counts(
        signalRecent(), deviceLatest(), signalRaw(), signalHourly(), deadLetters(), archived());
  }

  private static long footerRowCount(Path file) {
    try {
      FileSystem fs = file.getFileSystem();
      long length = fs.getFileStatus(file).getLen();
      try (FSDataInputStream in = fs.open(file);
          ParquetFileReader reader = ParquetFileReader.open(new ParquetInputFile(in, length))) {
        return reader.getRecordCount();
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the footer of " + file, e);
    }
  }

  private static long count(Connection c, String sql) throws SQLException {
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    }
  }

  @Override
  public void close() throws SQLException {
    kafka.close();
    try (Connection a = support;
        Connection b = warehouse) {
      // closed by try-with-resources
    }
  }
}
