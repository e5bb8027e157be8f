package io.devicetrail.flinkcluster;

import static io.devicetrail.flinkcluster.JobOnClusterTest.awaitAllTasksRunning;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.devicetrail.events.Topics;
import io.devicetrail.flinkcluster.junit.LocalFlinkClusterExtension;
import io.devicetrail.localservices.LocalServices;
import io.devicetrail.localservices.junit.LocalServicesExtension;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * An upgrade: the job jar this build produced resumes, on the cluster, from the savepoint of every
 * released state version kept under {@code src/test/resources/savepoints/} (see {@link
 * SavepointFixture}), as the Kubernetes operator resumes a new image from the old one's savepoint.
 * Nothing may be left unrestored ({@code allowNonRestoredState} stays false), and the restored
 * state must act: the Kafka sources resume after the records the old version had read, and a device
 * whose attributes it knew is unchanged by the same snapshot. (Seen-reading identities expire after
 * the dedup TTL of processing time, so a fixture older than that cannot show them.)
 */
@ExtendWith({LocalServicesExtension.class, LocalFlinkClusterExtension.class})
class SavepointUpgradeTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;

  @TestFactory
  List<DynamicTest> thisBuildResumesFromTheSavepointOfEveryReleasedStateVersion(
      LocalServices services, LocalFlinkCluster cluster) throws Exception {
    List<SavepointFixture> fixtures = SavepointFixture.kept();
    assertThat(fixtures).as("savepoint fixtures under src/test/resources/savepoints").isNotEmpty();
    return fixtures.stream()
        .map(
            fixture ->
                DynamicTest.dynamicTest(
                    "from state version " + fixture.version(),
                    () -> resumes(fixture, services, cluster)))
        .toList();
  }

  private void resumes(SavepointFixture fixture, LocalServices services, LocalFlinkCluster cluster)
      throws Exception {
    FlinkRest rest = cluster.rest();
    String name = "upgrade_" + fixture.version();
    try (Pipeline pipeline =
        Pipeline.start(name, services, cluster, dir.resolve(fixture.version()), 1)) {
      // The old version's input at the same offsets, then its state where the operator keeps it.
      List<SavepointFixture.InputRecord> before = fixture.input();
      publish(pipeline, before);
      String savepoint = "s3://" + services.s3().bucket() + "/" + name + "/savepoint";
      fixture.uploadSavepoint(savepoint);

      String jar = rest.uploadJar(JobOnClusterTest.JOB_JAR);
      String job =
          rest.run(jar, FlinkRest.Run.fresh(pipeline.jobArguments()).fromSavepoint(savepoint));
      awaitAllTasksRunning(rest, job);

      // After the upgrade: one new reading per device, its last snapshot again (no change), and
      // one device whose firmware changed.
      Map<String, SavepointFixture.InputRecord> lastReading = last(before, Topics.SIGNAL);
      Map<String, SavepointFixture.InputRecord> lastSnapshot = last(before, Topics.DEVICE);
      assertThat(lastReading).hasSizeGreaterThan(3);
      List<SavepointFixture.InputRecord> after = new java.util.ArrayList<>();
      Set<String> newReadings = new HashSet<>();
      for (SavepointFixture.InputRecord r : lastReading.values()) {
        ObjectNode next = (ObjectNode) JSON.readTree(r.value());
        Instant ts = Instant.parse(next.path("ts").asText()).plusSeconds(60);
        next.put("ts", ts.toString());
        next.put(
            "fetched_at",
            Instant.parse(next.path("fetched_at").asText()).plusSeconds(60).toString());
        after.add(
            new SavepointFixture.InputRecord(
                r.topic(), r.partition(), r.key(), JSON.writeValueAsString(next)));
        newReadings.add(r.key() + "@" + ts);
      }
      after.addAll(lastSnapshot.values());
      SavepointFixture.InputRecord changed = lastSnapshot.values().iterator().next();
      ObjectNode upgraded = (ObjectNode) JSON.readTree(changed.value());
      upgraded.put("firmware", upgraded.path("firmware").asText() + "-upgraded");
      upgraded.put(
          "updated_at",
          Instant.parse(upgraded.path("updated_at").asText()).plusSeconds(60).toString());
      after.add(
          new SavepointFixture.InputRecord(
              changed.topic(),
              changed.partition(),
              changed.key(),
              JSON.writeValueAsString(upgraded)));
      publish(pipeline, after);

      await()
          .atMost(Duration.ofMinutes(2))
          .pollInterval(Duration.ofSeconds(1))
          .until(
              () ->
                  pipeline.count(pipeline.supportUrl(), "SELECT count(*) FROM signal_recent")
                          >= newReadings.size()
                      && pipeline.count(pipeline.warehouseUrl(), "SELECT count(*) FROM dim_device")
                          >= 1);
      // Give a replayed old record or a duplicate the time to show up, should the state be lost.
      JobOnClusterTest.awaitCheckpointsAfter(rest, job, rest.completedCheckpoints(job) + 2);

      assertThat(
              new HashSet<>(
                  pipeline.column(
                      pipeline.supportUrl(),
                      "SELECT device_id || '@' || to_char(ts AT TIME ZONE 'UTC',"
                          + " 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"') FROM signal_recent")))
          .as("only the readings after the upgrade: offsets and seen readings were restored")
          .isEqualTo(newReadings);
      assertThat(
              pipeline.column(
                  pipeline.warehouseUrl(), "SELECT device_id || ' ' || firmware FROM dim_device"))
          .as("only the changed device: the devices' known attributes were restored")
          .containsExactly(changed.key() + " " + upgraded.path("firmware").asText());
      rest.cancel(job);
    }
  }

  private static Map<String, SavepointFixture.InputRecord> last(
      List<SavepointFixture.InputRecord> records, String topic) {
    Map<String, SavepointFixture.InputRecord> last = new LinkedHashMap<>();
    records.stream().filter(r -> r.topic().equals(topic)).forEach(r -> last.put(r.key(), r));
    return last;
  }

  private static void publish(Pipeline pipeline, List<SavepointFixture.InputRecord> records)
      throws Exception {
    Properties p = new Properties();
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, pipeline.kafka().bootstrapServers());
    p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    try (KafkaProducer<byte[], byte[]> producer =
        new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer())) {
      for (SavepointFixture.InputRecord r : records) {
        producer
            .send(
                new ProducerRecord<>(
                    r.topic(),
                    r.partition(),
                    r.key().getBytes(StandardCharsets.UTF_8),
                    r.value().getBytes(StandardCharsets.UTF_8)))
            .get();
      }
    }
  }
}
