package io.devicetrail.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * A rough load check on the loopback interface: bounded in requests and time. The bound asserted is
 * far below what this machine does (see the printed rate) so that a busy CI stays green.
 */
class ThroughputTest {

  static final Instant NOW = Instant.parse("2026-05-01T00:00:00Z");
  static final int CLIENTS = 4;
  static final int REQUESTS_PER_CLIENT = 1500;

  @Test
  void servesThousandsOfSmallSignalPagesPerSecond() throws Exception {
    SimulatorConfig config =
        SimulatorConfig.builder()
            .deviceCount(10_000)
            .clock(new ManualClock(NOW))
            .historyStart(NOW.minus(Duration.ofDays(1)))
            .build();
    ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
    try (SimulatorServer server = SimulatorServer.start(config)) {
      AtomicInteger ok = new AtomicInteger();
      long start = System.nanoTime();
      List<Future<?>> done = new ArrayList<>();
      for (int c = 0; c < CLIENTS; c++) {
        int client = c;
        done.add(
            clients.submit(
                () -> {
                  ApiClient api = new ApiClient(server);
                  for (int i = 0; i < REQUESTS_PER_CLIENT; i++) {
                    String id = server.fleet().deviceIds().get((client * 7919 + i * 31) % 10_000);
                    if (api.get("/v1/devices/" + id + "/signal?limit=100").status() == 200) {
                      ok.incrementAndGet();
                    }
                  }
                }));
      }
      for (Future<?> f : done) f.get();
      double seconds = (System.nanoTime() - start) / 1e9;
      double rate = CLIENTS * REQUESTS_PER_CLIENT / seconds;
      System.out.printf("simulator throughput: %.0f requests/s (%d clients)%n", rate, CLIENTS);
      assertThat(ok.get()).isEqualTo(CLIENTS * REQUESTS_PER_CLIENT);
      assertThat(rate).isGreaterThan(300);
    } finally {
      clients.shutdownNow();
    }
  }
}
