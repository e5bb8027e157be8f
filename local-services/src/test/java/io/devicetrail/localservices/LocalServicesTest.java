package io.devicetrail.localservices;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalServicesTest {

  @TempDir Path dir;

  @Test
  void describeTellsHowToReachEachStoreWithoutRevealingSecrets() throws Exception {
    try (LocalServices services = LocalServices.start(dir, PostgresOptions.fastForTests())) {
      services.kafka().createTopics(Map.of("signal", 1));
      services.postgres().createDatabaseIfMissing("warehouse");

      String description = services.describe();

      assertThat(description)
          .contains(services.kafka().bootstrapServers())
          .contains(services.s3().endpoint())
          .contains("bucket " + LocalServices.DEFAULT_BUCKET)
          .contains(services.s3().accessKey())
          .contains(services.s3().credentialsFile().toString())
          .contains(services.postgres().jdbcUrl("warehouse"))
          .contains(services.postgres().psqlCommand("warehouse"))
          .contains(services.postgres().psqlCommand("postgres"))
          .doesNotContain(services.s3().secretKey())
          .doesNotContain(services.postgres().password());
    }
  }

  @Test
  void closeStopsAllThreeAndLeavesNoProcessBehind() throws Exception {
    LocalServices services = LocalServices.start(dir, PostgresOptions.fastForTests());
    int kafkaPort = services.kafka().port();
    int s3Port = services.s3().port();
    int postgresPort = services.postgres().port();
    long postgresPid = services.postgres().pid();

    services.close();

    assertThat(Leftovers.acceptsConnections(kafkaPort)).isFalse();
    assertThat(Leftovers.acceptsConnections(s3Port)).isFalse();
    assertThat(Leftovers.acceptsConnections(postgresPort)).isFalse();
    assertThat(ProcessState.isRunning(postgresPid)).isFalse();
    assertThat(Leftovers.processesMentioning(dir)).isEmpty();
  }

  @Test
  void ctrlCOnTheJvmStopsEveryServiceCleanly() throws Exception {
    try (ChildJvm child = ChildJvm.start(LocalServicesChildMain.class, dir.toString())) {
      String[] ready = child.awaitReady();
      long postgresPid = Long.parseLong(ready[0]);

      // What Ctrl-C sends; the JVM then runs its shutdown hooks.
      new ProcessBuilder("kill", "-INT", Long.toString(child.pid())).start().waitFor();

      assertThat(child.process().waitFor(30, TimeUnit.SECONDS))
          .as("child JVM exited; its output:\n%s", child.output())
          .isTrue();
      assertThat(ProcessState.awaitExit(postgresPid, Duration.ofSeconds(5))).isTrue();
      for (int i = 1; i < ready.length; i++) {
        assertThat(Leftovers.acceptsConnections(Integer.parseInt(ready[i]))).isFalse();
      }
      // Only a controlled shutdown of the broker, i.e. the hook, leaves this marker.
      assertThat(dir.resolve("kafka/log/.kafka_cleanshutdown")).exists();
      assertThat(child.output()).contains("stopping the local services");
    }
  }
}
