package io.devicetrail.simulator;

import static io.devicetrail.simulator.ApiClient.q;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SimulatorApiTest {

  static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");

  static SimulatorServer server;
  static ApiClient api;

  @BeforeAll
  static void start() {
    server =
        SimulatorServer.start(
            SimulatorConfig.builder()
                .seed(7)
                .deviceCount(300)
                .clock(new ManualClock(NOW))
                .historyStart(NOW.minus(Duration.ofDays(3)))
                .badReadingRate(0.05)
                .build());
    api = new ApiClient(server);
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @Test
  void signalPagedWithSmallLimitsAndSinceLastTsIsExactlyTheGroundTruth() {
    for (String id : server.fleet().deviceIds().subList(0, 12)) {
      List<Reading> truth = server.fleet().readingsVisible(id, NOW);
      List<JsonNode> served = new ArrayList<>();
      String since = "";
      int calls = 0;
      while (true) {
        JsonNode page = api.getOk("/v1/devices/" + id + "/signal?limit=7" + since);
        calls++;
        assertThat(page.get("device_id").textValue()).isEqualTo(id);
        JsonNode readings = page.get("readings");
        assertThat(readings.size()).isLessThanOrEqualTo(7);
        readings.forEach(served::add);
        if (!page.get("has_more").booleanValue()) break;
        assertThat(readings.size()).isEqualTo(7);
        since = "&since=" + readings.get(readings.size() - 1).get("ts").textValue();
      }
      assertThat(truth).as(id).isNotEmpty();
      assertThat(served).as(id).hasSameSizeAs(truth);
      for (int i = 0; i < truth.size(); i++) Wire.assertSameReading(served.get(i), truth.get(i));
      assertThat(calls).isEqualTo(Math.max(1, (truth.size() + 6) / 7));
    }
  }

  @Test
  void activityPagedWithSmallLimitsAndSinceLastTsIsExactlyTheGroundTruth() {
    for (String id : server.fleet().deviceIds().subList(0, 12)) {
      List<Activity> truth = server.fleet().activitiesVisible(id, NOW);
      List<JsonNode> served = new ArrayList<>();
      String since = "";
      while (true) {
        JsonNode page = api.getOk("/v1/devices/" + id + "/activity?limit=3" + since);
        assertThat(page.get("device_id").textValue()).isEqualTo(id);
        JsonNode events = page.get("events");
        events.forEach(served::add);
        if (!page.get("has_more").booleanValue()) break;
        assertThat(events.size()).isEqualTo(3);
        since = "&since=" + events.get(events.size() - 1).get("ts").textValue();
      }
      assertThat(truth).as(id).isNotEmpty();
      assertThat(served).as(id).hasSameSizeAs(truth);
      for (int i = 0; i < truth.size(); i++) Wire.assertSameActivity(served.get(i), truth.get(i));
    }
  }

  @Test
  void signalWithoutLimitOrSinceServesTheWholeVisibleHistoryInTsOrder() {
    String id = "dev-000005";
    JsonNode page = api.getOk("/v1/devices/" + id + "/signal");
    List<Reading> truth = server.fleet().readingsVisible(id, NOW);
    assertThat(page.get("readings").size()).isEqualTo(truth.size());
    assertThat(page.get("has_more").booleanValue()).isFalse();
    List<String> ts = new ArrayList<>();
    page.get("readings").forEach(r -> ts.add(r.get("ts").textValue()));
    assertThat(ts).isSorted().doesNotHaveDuplicates().allMatch(t -> t.endsWith("Z"));
  }

  @Test
  void sinceIsExclusiveAndAcceptsAnOffsetOrAFraction() {
    String id = "dev-000009";
    List<Reading> truth = server.fleet().readingsVisible(id, NOW);
    Reading third = truth.get(2);
    JsonNode exact = api.getOk("/v1/devices/" + id + "/signal?limit=1&since=" + q(third.ts()));
    assertThat(exact.get("readings").get(0).get("ts").textValue())
        .isEqualTo(truth.get(3).ts().toString());

    String withOffset = third.ts().atOffset(java.time.ZoneOffset.ofHours(2)).toString();
    JsonNode offset =
        api.getOk(
            "/v1/devices/"
                + id
                + "/signal?limit=1&since="
                + java.net.URLEncoder.encode(withOffset, java.nio.charset.StandardCharsets.UTF_8));
    assertThat(offset.get("readings").get(0).get("ts").textValue())
        .isEqualTo(truth.get(3).ts().toString());

    JsonNode justBefore =
        api.getOk("/v1/devices/" + id + "/signal?limit=1&since=" + q(third.ts().minusMillis(1)));
    assertThat(justBefore.get("readings").get(0).get("ts").textValue())
        .isEqualTo(third.ts().toString());
  }

  @Test
  void sinceAfterTheLastVisibleReadingGivesAnEmptyPageWithoutMore() {
    List<Reading> truth = server.fleet().readingsVisible("dev-000003", NOW);
    Instant last = truth.get(truth.size() - 1).ts();
    JsonNode page = api.getOk("/v1/devices/dev-000003/signal?since=" + q(last));
    assertThat(page.get("readings").size()).isZero();
    assertThat(page.get("has_more").booleanValue()).isFalse();
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 7, 100, 1000})
  void deviceListPagingCoversEveryDeviceExactlyOnceInOrder(int limit) {
    List<String> seen = new ArrayList<>();
    String cursor = null;
    int pages = 0;
    do {
      JsonNode page =
          api.getOk("/v1/devices?limit=" + limit + (cursor == null ? "" : "&cursor=" + cursor));
      pages++;
      JsonNode devices = page.get("devices");
      assertThat(devices.size()).isBetween(1, limit);
      for (JsonNode d : devices) {
        String id = d.get("device_id").textValue();
        seen.add(id);
        Wire.assertSameDevice(d, server.fleet().device(id, NOW));
      }
      JsonNode next = page.get("next_cursor");
      assertThat(page.has("next_cursor")).isTrue();
      cursor = next.isNull() ? null : next.textValue();
    } while (cursor != null);
    assertThat(seen).doesNotHaveDuplicates().isEqualTo(server.fleet().deviceIds());
    assertThat(pages).isEqualTo((300 + limit - 1) / limit);
  }

  @Test
  void deviceListCarriesContractValuesFromTheTenantSet() {
    JsonNode page = api.getOk("/v1/devices?limit=1000");
    Set<String> tenants = new HashSet<>();
    int unknownInterval = 0;
    for (JsonNode d : page.get("devices")) {
      tenants.add(d.get("tenant_id").textValue());
      assertThat(d.get("device_id").textValue()).matches("[A-Za-z0-9._:-]{1,128}");
      assertThat(Instant.parse(d.get("updated_at").textValue())).isBefore(NOW);
      if (d.get("reporting_interval_s").isNull()) unknownInterval++;
      else assertThat(d.get("reporting_interval_s").intValue()).isIn(300, 600, 900, 1800, 3600);
    }
    assertThat(tenants).containsExactlyInAnyOrderElementsOf(SimulatorConfig.DEFAULT_TENANTS);
    assertThat(unknownInterval).isBetween(30, 90); // about 20% of 300
    assertThat(page.get("next_cursor").isNull()).isTrue();
  }

  @Test
  void requestsWithoutTheRightBearerTokenAreRefusedWith401() {
    List<ApiClient> strangers =
        List.of(
            ApiClient.withAuthorization(server, null),
            ApiClient.withAuthorization(server, "Bearer wrong-token"),
            ApiClient.withAuthorization(server, "Bearer " + server.token() + "x"),
            ApiClient.withAuthorization(server, "bearer" + server.token()),
            ApiClient.withAuthorization(server, "Basic " + server.token()));
    for (ApiClient stranger : strangers) {
      for (String path :
          List.of(
              "/v1/devices",
              "/v1/devices/dev-000001/signal",
              "/v1/devices/dev-000001/activity",
              "/v1/devices/no-such/signal",
              "/elsewhere")) {
        ApiClient.Answer a = stranger.get(path);
        assertThat(a.status()).as(path).isEqualTo(401);
        assertThat(a.header("WWW-Authenticate")).isEqualTo("Bearer");
        assertThat(a.json().get("error").textValue()).isEqualTo("unauthorized");
        assertThat(a.body()).doesNotContain(server.token());
      }
    }
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "/v1/devices/dev-000301/signal",
        "/v1/devices/dev-000000/activity",
        "/v1/devices/dev-1/signal",
        "/v1/devices/sensor-17/signal",
        "/v1/devices/dev-0000001/activity",
        "/v1/devices/dev-000001/battery",
        "/v2/devices"
      })
  void unknownDevicesAndPathsAre404WithAJsonError(String path) {
    ApiClient.Answer a = api.get(path);
    assertThat(a.status()).isEqualTo(404);
    assertThat(a.header("Content-Type")).isEqualTo("application/json");
    assertThat(a.json().get("error").textValue()).isEqualTo("not_found");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "/v1/devices?limit=0",
        "/v1/devices?limit=1001",
        "/v1/devices?limit=ten",
        "/v1/devices?limit=",
        "/v1/devices?cursor=not-a-cursor",
        "/v1/devices?cursor=ZGV2aWNlcy1mcm9tOjMwMQ", // a well-formed cursor beyond the fleet
        "/v1/devices/dev-000001/signal?limit=5001",
        "/v1/devices/dev-000001/signal?limit=-1",
        "/v1/devices/dev-000001/signal?since=yesterday",
        "/v1/devices/dev-000001/signal?since=2026-02-30T00:00:00Z",
        "/v1/devices/dev-000001/signal?since=2026-02-27T00:00:00",
        "/v1/devices/dev-000001/signal?limit=5&limit=6",
        "/v1/devices/dev-000001/activity?limit=0",
        "/v1/devices/dev-000001/activity?since=1700000000",
        "/v1/devices/dev-000001/activity?since=%FF"
      })
  void badParametersAre400WithAJsonErrorThatSaysWhy(String pathAndQuery) {
    ApiClient.Answer a = api.get(pathAndQuery);
    assertThat(a.status()).isEqualTo(400);
    JsonNode error = a.json();
    assertThat(error.get("error").textValue()).isEqualTo("bad_request");
    assertThat(error.get("message").textValue()).isNotBlank();
  }

  @Test
  void theLargestLimitsAreAccepted() {
    assertThat(api.get("/v1/devices?limit=1000").status()).isEqualTo(200);
    assertThat(api.get("/v1/devices/dev-000001/signal?limit=5000").status()).isEqualTo(200);
    assertThat(api.get("/v1/devices/dev-000001/activity?limit=5000").status()).isEqualTo(200);
  }
}
