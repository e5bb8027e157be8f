package io.devicetrail.flinkcluster;

import static io.devicetrail.flinkcluster.JobOnClusterTest.awaitAllTasksRunning;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.devicetrail.events.Topics;
import io.devicetrail.flinkcluster.junit.LocalFlinkClusterExtension;
import io.devicetrail.localservices.LocalServices;
import io.devicetrail.localservices.junit.LocalServicesExtension;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Properties;
import java.util.stream.Stream;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Writes the savepoint fixture of the current build's state version: not part of the test suite
 * (the pom excludes it); run it once per released state version, before changing a state layout:
 *
 * <pre>
 * mvn -pl flink-cluster -am install -DskipTests
 * mvn -pl flink-cluster verify -Dtest=SavepointFixtureWriter -Ddevicetrail.fixture.version=v2
 * </pre>
 *
 * It runs the job on the cluster over a small simulated fleet, stops it with a savepoint and keeps
 * the savepoint and the input records under {@code src/test/resources/savepoints/<version>/}.
 */
@ExtendWith({LocalServicesExtension.class, LocalFlinkClusterExtension.class})
class SavepointFixtureWriter {

  @TempDir Path dir;

  @Test
  void writeTheFixtureOfTheCurrentStateVersion(LocalServices services, LocalFlinkCluster cluster)
      throws Exception {
    String version = System.getProperty("devicetrail.fixture.version");
    assertThat(version).as("-Ddevicetrail.fixture.version=vN").matches("v[0-9]+");
    Path target = Path.of(System.getProperty("devicetrail.savepoint.fixtures")).resolve(version);
    assertThat(target).as("a fixture is never overwritten").doesNotExist();
    FlinkRest rest = cluster.rest();
    try (Pipeline pipeline = Pipeline.start("fixture", services, cluster, dir, 10)) {
      String jar = rest.uploadJar(JobOnClusterTest.JOB_JAR);
      String job = rest.run(jar, FlinkRest.Run.fresh(pipeline.jobArguments()));
      awaitAllTasksRunning(rest, job);
      pipeline.poll(2, Duration.ofHours(3));
      int served = pipeline.servedReadings().size();
      await()
          .atMost(Duration.ofMinutes(3))
          .until(
              () ->
                  pipeline.count(pipeline.supportUrl(), "SELECT count(*) FROM signal_recent")
                      >= served);
      String savepoint =
          rest.stopWithSavepoint(job, cluster.stateBase() + "/savepoints", Duration.ofMinutes(2));

      Files.createDirectories(target);
      Path objects =
          services
              .s3()
              .objectsDir()
              .resolve(services.s3().bucket())
              .resolve(savepoint.substring(("s3://" + services.s3().bucket() + "/").length()));
      copyTree(objects, target.resolve("savepoint"));
      SavepointFixture.writeInput(target.resolve("input.jsonl"), input(pipeline));
      Properties p = new Properties();
      p.setProperty("readings", Integer.toString(served));
      p.setProperty("devices", "10");
      p.setProperty("written-by", "SavepointFixtureWriter");
      try (OutputStream out = Files.newOutputStream(target.resolve("fixture.properties"))) {
        p.store(out, "Savepoint fixture " + version + ": the job's state as that build left it");
      }
    }
  }

  private static List<SavepointFixture.InputRecord> input(Pipeline pipeline) {
    Properties p = new Properties();
    p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, pipeline.kafka().bootstrapServers());
    List<SavepointFixture.InputRecord> records = new ArrayList<>();
    try (KafkaConsumer<String, String> consumer =
        new KafkaConsumer<>(p, new StringDeserializer(), new StringDeserializer())) {
      for (String topic : List.of(Topics.DEVICE, Topics.SIGNAL, Topics.ACTIVITY)) {
        for (int partition = 0; partition < 2; partition++) {
          TopicPartition tp = new TopicPartition(topic, partition);
          consumer.assign(List.of(tp));
          consumer.seekToBeginning(List.of(tp));
          long end = consumer.endOffsets(List.of(tp)).get(tp);
          while (consumer.position(tp) < end) {
            for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofSeconds(1))) {
              records.add(new SavepointFixture.InputRecord(topic, partition, r.key(), r.value()));
            }
          }
        }
      }
    }
    return records;
  }

  private static void copyTree(Path from, Path to) throws Exception {
    try (Stream<Path> files = Files.walk(from)) {
      for (Path file : files.sorted(Comparator.naturalOrder()).toList()) {
        Path dest = to.resolve(from.relativize(file).toString());
        if (Files.isDirectory(file)) {
          Files.createDirectories(dest);
        } else {
          Files.copy(file, dest);
        }
      }
    }
  }
}
