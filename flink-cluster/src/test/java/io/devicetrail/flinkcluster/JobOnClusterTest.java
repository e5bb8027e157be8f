package io.devicetrail.flinkcluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.devicetrail.connectors.warehouse.model.RollupTier;
import io.devicetrail.events.DeviceActivity;
import io.devicetrail.events.SignalReading;
import io.devicetrail.events.Topics;
import io.devicetrail.flinkcluster.junit.LocalFlinkClusterExtension;
import io.devicetrail.localservices.LocalServices;
import io.devicetrail.localservices.junit.LocalServicesExtension;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The job as the platform team runs it: the shaded jar the build produced, uploaded to a standalone
 * cluster through the REST API and run there with program arguments, in a user-code class loader,
 * with RocksDB, the S3 plugin of the cluster, checkpoints on S3. While readings flow a TaskManager
 * is killed with SIGKILL and replaced; later the job is stopped with a savepoint and the same jar
 * resumed from it. Afterwards every store holds exactly what the simulator served, once, and every
 * rollup equals the batch recomputation from the archive.
 */
@ExtendWith({LocalServicesExtension.class, LocalFlinkClusterExtension.class})
class JobOnClusterTest {

  private static final org.slf4j.Logger LOG =
      org.slf4j.LoggerFactory.getLogger(JobOnClusterTest.class);

  static final Path JOB_JAR = Path.of(System.getProperty("devicetrail.job.jar"));
  private static final Duration STEP = Duration.ofHours(3);
  private static final String OUT_OF_RANGE =
      "{\"schema\":\"signal.v1\",\"device_id\":\"dev-000042\",\"tenant_id\":\"acme\","
          + "\"ts\":\"2026-11-02T10:05:00Z\",\"rssi_dbm\":12.0,\"snr_db\":6.25,\"rsrp_dbm\":-101.0,"
          + "\"rsrq_db\":-11.5,\"cell_id\":\"310-410-0A1B\",\"lat\":52.52,\"lon\":13.405,"
          + "\"battery_mv\":3610,\"fetched_at\":\"2026-11-02T10:20:13Z\"}";

  @TempDir Path dir;

  @Test
  void aKilledTaskManagerAndAStopWithSavepointLoseNothingAndDoubleNothing(
      LocalServices services, LocalFlinkCluster cluster) throws Exception {
    FlinkRest rest = cluster.rest();
    try (Pipeline pipeline = Pipeline.start("failover", services, cluster, dir, 60)) {
      String jar = rest.uploadJar(JOB_JAR);
      String first = rest.run(jar, FlinkRest.Run.fresh(pipeline.jobArguments()));
      awaitAllTasksRunning(rest, first);
      pipeline.poll(4, STEP);
      awaitCheckpointsAfter(rest, first, 1);

      // A lost machine: readings keep arriving in Kafka while the job is down.
      cluster.killTaskManager();
      pipeline.poll(2, STEP);
      cluster.startTaskManager();
      await()
          .atMost(Duration.ofMinutes(2))
          .pollInterval(Duration.ofMillis(500))
          .until(() -> rest.restarts(first) >= 1 && rest.allTasksRunning(first));
      assertThat(rest.exceptions(first)).isNotEmpty();
      pipeline.poll(2, STEP);
      awaitCheckpointsAfter(rest, first, rest.completedCheckpoints(first) + 1);

      // An upgrade without a change: stop with a savepoint, run the same jar from it.
      String savepoint =
          rest.stopWithSavepoint(first, cluster.stateBase() + "/savepoints", Duration.ofMinutes(2));
      assertThat(savepoint).startsWith("s3://");
      assertThat(rest.state(first)).isEqualTo("FINISHED");
      pipeline.poll(2, STEP);
      String second =
          rest.run(jar, FlinkRest.Run.fresh(pipeline.jobArguments()).fromSavepoint(savepoint));
      awaitAllTasksRunning(rest, second);
      pipeline.poll(4, STEP);
      pipeline.publishRaw(Topics.SIGNAL, "dev-000042", List.of("{not json", OUT_OF_RANGE));

      Set<String> served = pipeline.servedReadings();
      await()
          .atMost(Duration.ofMinutes(4))
          .pollInterval(Duration.ofSeconds(2))
          .until(() -> pipeline.archivedReadings().size() >= served.size());
      awaitQuiet(pipeline);

      assertThat(served).hasSizeGreaterThan(2_000);
      List<SignalReading> archived = pipeline.archivedReadings();
      assertThat(archived).as("archived readings, each once").hasSize(served.size());
      assertThat(keys(archived)).isEqualTo(served);
      assertThat(
              new HashSet<>(
                  pipeline.column(
                      pipeline.supportUrl(),
                      "SELECT device_id || '@' || to_char(ts AT TIME ZONE 'UTC',"
                          + " 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"') FROM signal_recent")))
          .as("signal_recent")
          .isEqualTo(served);
      assertThat(
              new HashSet<>(
                  pipeline.column(
                      pipeline.warehouseUrl(),
                      "SELECT device_id || '@' || to_char(ts AT TIME ZONE 'UTC',"
                          + " 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"') FROM signal_raw")))
          .as("signal_raw")
          .isEqualTo(served);
      Set<String> activities = pipeline.servedActivities();
      List<DeviceActivity> archivedActivities = pipeline.archivedActivities();
      assertThat(archivedActivities).hasSize(activities.size());
      assertThat(
              new HashSet<>(
                  pipeline.column(pipeline.supportUrl(), "SELECT event_id FROM activity_recent")))
          .isEqualTo(activities);
      assertThat(
              new HashSet<>(
                  pipeline.column(pipeline.warehouseUrl(), "SELECT event_id FROM activity_event")))
          .isEqualTo(activities);
      for (RollupTier tier : RollupTier.values()) {
        RollupChecks.compareWithOracle(
            tier,
            archived,
            pipeline.fleet(),
            pipeline.warehouseUrl(),
            pipeline.user(),
            pipeline.password(),
            600);
      }

      // The job's own metrics, as the cluster's REST API (and any reporter) shows them; the
      // JobManager fetches them from the TaskManagers every few seconds.
      await()
          .atMost(Duration.ofSeconds(60))
          .pollInterval(Duration.ofSeconds(2))
          .until(
              () ->
                  rest.jobMetrics(second).keySet().stream()
                      .anyMatch(k -> k.endsWith("deadLettered.rssi_dbm_range.count")));
      Map<String, Double> metrics = rest.jobMetrics(second);
      assertThat(value(metrics, "rollup.readingsIn")).as("rollup.readingsIn").isPositive();
      // Flink's metric query service writes dots in a group's name as underscores.
      assertThat(value(metrics, "decode_signal.deadLettered.json_malformed.count")).isEqualTo(1.0);
      assertThat(value(metrics, "decode_signal.deadLettered.rssi_dbm_range.count")).isEqualTo(1.0);
      // How long each warehouse sink last held its batch transaction: on Redshift it starts with a
      // LOCK of its targets, so this is how long readers of those tables may wait (measured here on
      // the stand-in; see db/warehouse/README.md).
      metrics.forEach(
          (name, millis) -> {
            if (name.endsWith("warehouseLastBatchMillis")) {
              LOG.info("locked section {}: {} ms", name, millis.longValue());
            }
          });
      rest.cancel(second);
    }
  }

  static void awaitAllTasksRunning(FlinkRest rest, String job) {
    await()
        .atMost(Duration.ofMinutes(2))
        .pollInterval(Duration.ofMillis(300))
        .until(() -> rest.allTasksRunning(job));
  }

  static void awaitCheckpointsAfter(FlinkRest rest, String job, long count) {
    await()
        .atMost(Duration.ofMinutes(2))
        .pollInterval(Duration.ofMillis(300))
        .until(() -> rest.completedCheckpoints(job) >= count);
  }

  /** Sum of the metrics whose name ends with {@code suffix}, over every operator. */
  static double value(Map<String, Double> metrics, String suffix) {
    List<Map.Entry<String, Double>> matching =
        metrics.entrySet().stream().filter(e -> e.getKey().endsWith(suffix)).toList();
    assertThat(matching)
        .as("metrics ending with %s among %s", suffix, metrics.keySet())
        .isNotEmpty();
    return matching.stream().mapToDouble(Map.Entry::getValue).sum();
  }

  static Set<String> keys(List<SignalReading> readings) {
    Set<String> keys = new HashSet<>();
    readings.forEach(r -> keys.add(r.deviceId() + "@" + r.ts()));
    return keys;
  }

  /** The warehouse has caught up when its rollups stop changing. */
  static void awaitQuiet(Pipeline pipeline) {
    String sql =
        "SELECT (SELECT count(*) + coalesce(sum(revision), 0) FROM signal_hourly)"
            + " + (SELECT count(*) + coalesce(sum(revision), 0) FROM signal_daily)";
    long[] last = {-1};
    await()
        .atMost(Duration.ofMinutes(2))
        .pollInterval(Duration.ofSeconds(3))
        .until(
            () -> {
              long now = pipeline.count(pipeline.warehouseUrl(), sql);
              boolean quiet = now == last[0] && now > 0;
              last[0] = now;
              return quiet;
            });
  }
}
