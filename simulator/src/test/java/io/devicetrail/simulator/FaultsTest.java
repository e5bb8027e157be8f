package io.devicetrail.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.JsonProcessingException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class FaultsTest {

  static final Instant NOW = Instant.parse("2026-02-01T08:00:00Z");

  SimulatorConfig config(Faults faults) {
    return SimulatorConfig.builder()
        .seed(77)
        .deviceCount(20)
        .clock(new ManualClock(NOW))
        .historyStart(NOW.minus(Duration.ofDays(1)))
        .faults(faults)
        .build();
  }

  List<String> outcomes(SimulatorServer server, int requests) {
    ApiClient api = new ApiClient(server);
    List<String> outcomes = new ArrayList<>();
    for (int i = 0; i < requests; i++) {
      ApiClient.Answer a = api.get("/v1/devices/dev-000003/signal?limit=50");
      String outcome = Integer.toString(a.status());
      if (a.status() == 429) outcome += " retry-after " + a.header("Retry-After");
      if (a.status() == 200 && !parses(a.body())) outcome += " truncated";
      outcomes.add(outcome);
    }
    return outcomes;
  }

  static boolean parses(String body) {
    try {
      ApiClient.JSON.readTree(body);
      return true;
    } catch (JsonProcessingException e) {
      return false;
    }
  }

  @Test
  void serverErrorsThrottlingAndTruncatedBodiesComeAtTheConfiguredRates() {
    Faults faults =
        Faults.none()
            .withServerErrorRate(0.1)
            .withThrottleRate(0.1, Duration.ofSeconds(2))
            .withTruncateRate(0.1);
    try (SimulatorServer server = SimulatorServer.start(config(faults))) {
      List<String> outcomes = outcomes(server, 400);
      long errors = outcomes.stream().filter(o -> o.equals("500") || o.equals("503")).count();
      long throttled = outcomes.stream().filter(o -> o.startsWith("429")).count();
      long truncated = outcomes.stream().filter(o -> o.equals("200 truncated")).count();
      long fine = outcomes.stream().filter(o -> o.equals("200")).count();
      assertThat(errors).isBetween(20L, 60L);
      assertThat(throttled).isBetween(20L, 60L);
      assertThat(truncated).isBetween(15L, 55L);
      assertThat(errors + throttled + truncated + fine).isEqualTo(400);
      assertThat(outcomes)
          .filteredOn(o -> o.startsWith("429"))
          .allMatch(o -> o.equals("429 retry-after 2"));
      assertThat(outcomes).contains("500", "503");
    }
  }

  @Test
  void aSingleClientMeetsTheSameFaultsOnEveryRun() {
    Faults faults =
        Faults.none().withServerErrorRate(0.2).withThrottleRate(0.2, Duration.ofSeconds(1));
    List<String> first;
    try (SimulatorServer server = SimulatorServer.start(config(faults))) {
      first = outcomes(server, 60);
    }
    try (SimulatorServer server = SimulatorServer.start(config(faults))) {
      assertThat(outcomes(server, 60)).isEqualTo(first);
    }
  }

  @Test
  void faultsNeverHideAnAuthenticationFailure() {
    try (SimulatorServer server =
        SimulatorServer.start(config(Faults.none().withServerErrorRate(1)))) {
      assertThat(ApiClient.withAuthorization(server, "Bearer nope").get("/v1/devices").status())
          .isEqualTo(401);
      assertThat(new ApiClient(server).get("/v1/devices").status()).isIn(500, 503);
    }
  }

  @Test
  void latencyDelaysEveryAnswer() {
    try (SimulatorServer server =
        SimulatorServer.start(config(Faults.none().withLatency(Duration.ofMillis(150))))) {
      ApiClient api = new ApiClient(server);
      api.get("/v1/devices"); // warm up the connection
      long start = System.nanoTime();
      for (int i = 0; i < 3; i++) assertThat(api.get("/v1/devices").status()).isEqualTo(200);
      assertThat((System.nanoTime() - start) / 1_000_000).isGreaterThanOrEqualTo(450);
    }
  }

  @Test
  void ratesOutsideZeroToOneAreRefused() {
    assertThatThrownBy(() -> Faults.none().withServerErrorRate(1.5))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("serverErrorRate");
    assertThatThrownBy(
            () -> Faults.none().withServerErrorRate(0.6).withThrottleRate(0.6, Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> SimulatorConfig.builder().badReadingRate(-0.1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("badReadingRate");
  }
}
