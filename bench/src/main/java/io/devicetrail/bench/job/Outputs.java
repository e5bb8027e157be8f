package io.devicetrail.bench.job;

import io.devicetrail.connectors.archive.ArchiveRowCounter;
import io.devicetrail.events.Topics;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

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
  private final ArchiveRowCounter archive;

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
    archive = new ArchiveRowCounter(archivePath);
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
    return archive.count("signal").rows();
  }

  Counts all() throws SQLException {
    return new Counts(
        signalRecent(), deviceLatest(), signalRaw(), signalHourly(), deadLetters(), archived());
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
