package io.devicetrail.poller;

import static org.assertj.core.api.Assertions.assertThat;

import io.devicetrail.localservices.LocalKafka;
import io.devicetrail.poller.testing.ContractTopics;
import io.devicetrail.poller.testing.FleetAssertions;
import io.devicetrail.poller.testing.FleetAssertions.Delivered;
import io.devicetrail.simulator.ManualClock;
import io.devicetrail.simulator.SimulatorConfig;
import io.devicetrail.simulator.SimulatorServer;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The poller command in a child JVM, killed with SIGKILL while it polls and started again on the
 * same state directory: Kafka ends up with every reading, none lost. The child also serves /health
 * and /metrics, checked on the way.
 */
class KillAndRestartIntegrationTest {
  private static final int DEVICES = 30;

  @TempDir Path dir;

  @Test
  void aPollerKilledMidRunAndRestartedLosesNothing() throws Exception {
    Instant start = Instant.parse("2026-11-02T00:00:00Z");
    ManualClock clock = new ManualClock(start);
    try (LocalKafka kafka = LocalKafka.start(dir.resolve("kafka"));
        SimulatorServer simulator =
            SimulatorServer.start(
                SimulatorConfig.builder()
                    .seed(9)
                    .deviceCount(DEVICES)
                    .clock(clock)
                    .historyStart(start.minus(Duration.ofHours(12)))
                    .badReadingRate(0.02)
                    .build())) {
      ContractTopics.create(kafka, 3);
      Path token = Files.writeString(dir.resolve("token"), simulator.token());
      int metricsPort = freePort();
      List<String> args =
          List.of(
              "--api-url", simulator.baseUrl().toString(),
              "--api-token-file", token.toString(),
              "--kafka-bootstrap", kafka.bootstrapServers(),
              "--state-dir", dir.resolve("state").toString(),
              "--schedule", "fixed",
              "--round-interval", "1s",
              "--page-size", "20",
              "--progress-interval", "0s",
              "--metrics-port", Integer.toString(metricsPort));

      Process first = startPoller(args, "first");
      try {
        // Time moves on while it polls; then it is killed in the middle of its work.
        for (int i = 0; i < 20; i++) {
          clock.advance(Duration.ofMinutes(30));
          Thread.sleep(150);
        }
        assertThat(first.isAlive()).as("first poller runs").isTrue();
      } finally {
        first.destroyForcibly(); // SIGKILL: no shutdown hook, nothing flushed
        first.waitFor(10, TimeUnit.SECONDS);
      }
      clock.advance(Duration.ofHours(2));

      Process second = startPoller(args, "second");
      try {
        Delivered delivered = awaitEverythingDelivered(kafka, simulator, clock.now());
        assertThat(delivered.readings()).isGreaterThan(DEVICES * 10L);
        assertThat(delivered.deadLetters()).isPositive();

        String health = get(metricsPort, "/health");
        assertThat(health).contains("\"status\":\"UP\"", "\"kafka\":\"UP\"");
        String metrics = get(metricsPort, "/metrics");
        assertThat(metrics)
            .contains(
                "devicetrail_poller_polls_total",
                "devicetrail_poller_readings_published_total",
                "devicetrail_poller_api_request_seconds_bucket",
                "devicetrail_poller_cursor_lag_seconds",
                "devicetrail_poller_devices{",
                "devicetrail_poller_kafka_send_errors_total");
      } catch (AssertionError e) {
        // The children's logs explain a failure.
        System.out.println(Files.readString(dir.resolve("first.log")));
        System.out.println(Files.readString(dir.resolve("second.log")));
        throw e;
      } finally {
        second.destroy(); // SIGTERM: the normal stop
        if (!second.waitFor(30, TimeUnit.SECONDS)) {
          second.destroyForcibly();
        }
      }
    }
  }

  private Delivered awaitEverythingDelivered(
      LocalKafka kafka, SimulatorServer simulator, Instant now) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (true) {
      try {
        return FleetAssertions.assertKafkaHoldsEverythingVisible(
            kafka.bootstrapServers(), simulator.fleet(), now);
      } catch (AssertionError notYet) {
        if (System.nanoTime() > deadline) {
          throw notYet;
        }
        Thread.sleep(1000);
      }
    }
  }

  private Process startPoller(List<String> args, String name) throws IOException {
    String classPath =
        System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-Xmx256m");
    command.add("-cp");
    command.add(classPath);
    command.add(PollerMain.class.getName());
    command.addAll(args);
    return new ProcessBuilder(command)
        .redirectErrorStream(true)
        .redirectOutput(dir.resolve(name + ".log").toFile())
        .start();
  }

  private static String get(int port, String path) throws Exception {
    HttpClient http = HttpClient.newHttpClient();
    HttpResponse<String> response =
        http.send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
            HttpResponse.BodyHandlers.ofString());
    return response.statusCode() + " " + response.body();
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
