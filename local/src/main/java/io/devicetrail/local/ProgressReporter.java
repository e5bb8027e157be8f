package io.devicetrail.local;

import io.devicetrail.connectors.archive.ArchiveRowCounter;
import io.devicetrail.events.Topics;
import io.devicetrail.poller.PollerStats;
import java.io.PrintStream;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.Supplier;
import java.util.function.ToLongFunction;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;

/**
 * Prints one progress line every few seconds: polled, published, archived, rows in the support
 * database and the warehouse, and the end-to-end lag (device time now − the newest fetched_at that
 * reached the support database).
 */
final class ProgressReporter implements AutoCloseable {

  private final PrintStream out;
  private final Supplier<List<PollerStats>> pollers;
  private final Supplier<Instant> simulatedNow;
  private final ArchiveRowCounter archive;
  private final String supportUrl;
  private final String warehouseUrl;
  private final Properties supportProps;
  private final Admin kafka;
  private final Instant started = Instant.now();

  ProgressReporter(
      PrintStream out,
      Supplier<List<PollerStats>> pollers,
      Supplier<Instant> simulatedNow,
      String archivePath,
      String supportUrl,
      String warehouseUrl,
      String user,
      String password,
      String kafkaBootstrap) {
    this.out = out;
    this.pollers = pollers;
    this.simulatedNow = simulatedNow;
    this.archive = new ArchiveRowCounter(archivePath);
    this.supportUrl = supportUrl;
    this.warehouseUrl = warehouseUrl;
    this.supportProps = new Properties();
    supportProps.setProperty("user", user);
    supportProps.setProperty("password", password);
    this.kafka = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafkaBootstrap));
  }

  void report() {
    StringBuilder line = new StringBuilder();
    Duration up = Duration.between(started, Instant.now());
    line.append(
        String.format("[%02d:%02d:%02d]", up.toHours(), up.toMinutesPart(), up.toSecondsPart()));
    Instant sim = simulatedNow.get();
    if (sim != null) {
      line.append(" device time ").append(sim.toString(), 0, 16).append('Z');
    }
    List<PollerStats> polled = pollers.get();
    line.append(
        String.format(
            " | poller: polled %,d readings + %,d events, published %,d + %,d, rejected %,d",
            sum(polled, PollerStats::readingsPolled),
            sum(polled, PollerStats::activitiesPolled),
            sum(polled, PollerStats::readingsPublished),
            sum(polled, PollerStats::activitiesPublished),
            sum(polled, PollerStats::deadLettered)));
    try {
      ArchiveRowCounter.Count signal = archive.count("signal");
      ArchiveRowCounter.Count activity = archive.count("activity");
      line.append(
          String.format(
              " | archive: %,d readings + %,d events in %,d files",
              signal.rows(), activity.rows(), signal.files() + activity.files()));
    } catch (RuntimeException e) {
      line.append(" | archive: ").append(e.getMessage());
    }
    Instant newestFetched = null;
    try (Connection c = DriverManager.getConnection(supportUrl, supportProps);
        Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery(
                "SELECT (SELECT count(*) FROM signal_recent), (SELECT count(*) FROM activity_recent),"
                    + " (SELECT count(*) FROM device_latest), (SELECT count(*) FROM device),"
                    + " (SELECT max(fetched_at) FROM signal_recent)")) {
      rs.next();
      line.append(
          String.format(
              " | postgres: signal_recent %,d, activity_recent %,d, device_latest %,d, device %,d",
              rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getLong(4)));
      java.sql.Timestamp fetched = rs.getTimestamp(5);
      newestFetched = fetched == null ? null : fetched.toInstant();
    } catch (SQLException e) {
      line.append(" | postgres: ").append(e.getMessage());
    }
    line.append(warehouse());
    line.append(String.format(" | dead letters %,d", deadLetterCount()));
    if (newestFetched != null) {
      Instant now = sim != null ? sim : Instant.now();
      line.append(" | lag ").append(Durations.format(Duration.between(newestFetched, now)));
    }
    out.println(line);
  }

  /** Rollup rows: provisional ones may still change, revised ones did (revision > 1). */
  private String warehouse() {
    try (Connection c = DriverManager.getConnection(warehouseUrl, supportProps);
        Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery(
                "SELECT count(*), count(*) FILTER (WHERE NOT is_final),"
                    + " count(*) FILTER (WHERE revision > 1) FROM signal_hourly"
                    + " UNION ALL SELECT count(*), count(*) FILTER (WHERE NOT is_final),"
                    + " count(*) FILTER (WHERE revision > 1) FROM signal_daily")) {
      rs.next();
      String hourly =
          String.format(
              "hourly %,d (%,d provisional, %,d revised)",
              rs.getLong(1), rs.getLong(2), rs.getLong(3));
      rs.next();
      return String.format(
          " | warehouse: %s, daily %,d (%,d provisional, %,d revised)",
          hourly, rs.getLong(1), rs.getLong(2), rs.getLong(3));
    } catch (SQLException e) {
      return " | warehouse: " + e.getMessage();
    }
  }

  private static long sum(List<PollerStats> stats, ToLongFunction<PollerStats> figure) {
    return stats.stream().mapToLong(figure).sum();
  }

  private long deadLetterCount() {
    try {
      var partitions =
          kafka
              .describeTopics(List.of(Topics.DEADLETTER))
              .allTopicNames()
              .get()
              .get(Topics.DEADLETTER)
              .partitions();
      Map<TopicPartition, OffsetSpec> latest = new java.util.HashMap<>();
      partitions.forEach(
          p ->
              latest.put(
                  new TopicPartition(Topics.DEADLETTER, p.partition()), OffsetSpec.latest()));
      return kafka.listOffsets(latest).all().get().values().stream()
          .mapToLong(o -> o.offset())
          .sum();
    } catch (Exception e) {
      return -1;
    }
  }

  @Override
  public void close() {
    kafka.close(Duration.ofSeconds(2));
  }
}
