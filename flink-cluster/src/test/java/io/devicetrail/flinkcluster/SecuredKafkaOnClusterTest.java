package io.devicetrail.flinkcluster;

import static io.devicetrail.flinkcluster.JobOnClusterTest.awaitAllTasksRunning;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.devicetrail.events.Topics;
import io.devicetrail.flinkcluster.junit.LocalFlinkClusterExtension;
import io.devicetrail.localservices.LocalServices;
import io.devicetrail.localservices.junit.LocalServicesExtension;
import io.devicetrail.poller.publish.KafkaEventPublisher;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kafka as production runs it: TLS with a CA of its own and SCRAM-SHA-512 logins. The poller
 * publishes and the job on the cluster reads and writes only through that listener, with the client
 * settings from a properties file and the secrets from secret files; a wrong password fails with
 * Kafka's own clear message, on the poller and on the job, and no secret reaches a log.
 */
@ExtendWith({LocalServicesExtension.class, LocalFlinkClusterExtension.class})
class SecuredKafkaOnClusterTest {

  @TempDir Path dir;

  @Test
  void thePollerAndTheJobWorkThroughSaslSslAndAWrongPasswordFailsClearly(
      LocalServices services, LocalFlinkCluster cluster) throws Exception {
    FlinkRest rest = cluster.rest();
    try (Pipeline pipeline = Pipeline.startSecured("secured", services, cluster, dir, 20)) {
      String jar = rest.uploadJar(JobOnClusterTest.JOB_JAR);
      String job = rest.run(jar, FlinkRest.Run.fresh(pipeline.jobArguments()));
      awaitAllTasksRunning(rest, job);
      pipeline.poll(3, Duration.ofHours(3));
      pipeline.publishRawSecured(Topics.SIGNAL, "dev-000001", "{not json");

      var served = pipeline.servedReadings();
      await()
          .atMost(Duration.ofMinutes(2))
          .pollInterval(Duration.ofSeconds(1))
          .until(
              () ->
                  pipeline.count(pipeline.supportUrl(), "SELECT count(*) FROM signal_recent")
                      >= served.size());
      assertThat(
              new HashSet<>(
                  pipeline.column(
                      pipeline.supportUrl(),
                      "SELECT device_id || '@' || to_char(ts AT TIME ZONE 'UTC',"
                          + " 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"') FROM signal_recent")))
          .isEqualTo(served);
      // The dead-letter sink writes through the secured listener too.
      assertThat(pipeline.readDeadLetterRules()).contains("json.malformed");

      // A wrong password: the poller's publisher and a second job fail with Kafka's message.
      Path wrong =
          Pipeline.writeClientConfig(
              pipeline.kafka(), Files.createDirectories(dir.resolve("wrong")), "not-the-password");
      try (KafkaEventPublisher publisher =
          KafkaEventPublisher.create(pipeline.bootstrap(), Pipeline.load(wrong))) {
        ExecutionException failure =
            org.junit.jupiter.api.Assertions.assertThrows(
                ExecutionException.class,
                () ->
                    publisher
                        .send(Topics.SIGNAL, "dev-000001", new byte[] {'{', '}'})
                        .get(60, TimeUnit.SECONDS));
        assertThat(failure.getCause())
            .hasMessageContaining("Authentication failed")
            .hasMessageContaining("invalid credentials with SASL mechanism SCRAM-SHA-512");
      }
      String rejected = rest.run(jar, FlinkRest.Run.fresh(pipeline.jobArguments(wrong)));
      await()
          .atMost(Duration.ofMinutes(2))
          .pollInterval(Duration.ofSeconds(1))
          .until(
              () ->
                  rest.exceptions(rejected).stream()
                      .anyMatch(
                          t ->
                              t.contains("invalid credentials with SASL mechanism SCRAM-SHA-512")));
      rest.cancel(rejected);
      rest.cancel(job);

      String password = Files.readString(pipeline.kafka().scramPasswordFile()).strip();
      String storePassword = Files.readString(pipeline.kafka().tls().storePasswordFile()).strip();
      String logs = cluster.logs();
      assertThat(logs).contains("SASL_SSL").doesNotContain(password).doesNotContain(storePassword);
    }
  }
}
