package io.devicetrail.poller.vendor;

import static io.devicetrail.poller.testing.ScriptedVendorApi.deviceJson;
import static io.devicetrail.poller.testing.ScriptedVendorApi.reading;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.devicetrail.poller.testing.ScriptedVendorApi;
import io.devicetrail.poller.testing.ScriptedVendorApi.Canned;
import io.devicetrail.poller.testing.ScriptedVendorApi.Request;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Fault handling of the HTTP client against a real local HTTP server with canned answers. */
class HttpVendorClientTest {
  private static final String SIGNAL = "/v1/devices/dev-1/signal";

  private ScriptedVendorApi api;
  private HttpVendorClient client;

  @BeforeEach
  void start() throws Exception {
    api = ScriptedVendorApi.start();
    api.device(deviceJson("dev-1", "acme"))
        .readings(
            "dev-1", reading("2026-01-01T00:00:00Z", -80), reading("2026-01-01T00:05:00Z", -81));
    client = new HttpVendorClient(fastRetries().build(), ApiToken.of(ScriptedVendorApi.TOKEN));
  }

  @AfterEach
  void stop() {
    api.close();
  }

  private VendorApiConfig.Builder fastRetries() {
    return VendorApiConfig.builder(api.baseUri())
        .maxAttempts(4)
        .initialBackoff(Duration.ofMillis(20))
        .maxBackoff(Duration.ofMillis(100))
        .requestTimeout(Duration.ofSeconds(5));
  }

  @Test
  void waitsWhatRetryAfterSaysBeforeRetryingA429() throws Exception {
    api.failNext(SIGNAL, Canned.status(429).withHeader("Retry-After", "1"));

    RecordPage page = client.signal("dev-1", null, 100);

    assertThat(page.records()).hasSize(2);
    List<Request> requests = api.requests(SIGNAL);
    assertThat(requests).hasSize(2);
    Duration gap = Duration.ofNanos(requests.get(1).nanos() - requests.get(0).nanos());
    assertThat(gap).isGreaterThanOrEqualTo(Duration.ofMillis(1000));
  }

  @Test
  void a429PausesOtherRequestsOfTheClientToo() throws Exception {
    api.failNext(SIGNAL, Canned.status(429).withHeader("Retry-After", "1"));
    Thread other =
        new Thread(
            () -> {
              try {
                Thread.sleep(200); // after the 429 has been answered
                client.listDevices(null, 10);
              } catch (Exception e) {
                throw new RuntimeException(e);
              }
            });
    other.start();

    client.signal("dev-1", null, 100);
    other.join();

    Request limited = api.requests(SIGNAL).get(0);
    Request list = api.requests("/v1/devices").get(0);
    assertThat(Duration.ofNanos(list.nanos() - limited.nanos()))
        .isGreaterThanOrEqualTo(Duration.ofMillis(1000));
  }

  @Test
  void aRetryAfterLongerThanTheLimitEndsTheCallInsteadOfBlocking() {
    client =
        new HttpVendorClient(
            fastRetries().maxRetryAfter(Duration.ofSeconds(5)).build(),
            ApiToken.of(ScriptedVendorApi.TOKEN));
    api.failNext(SIGNAL, Canned.status(429).withHeader("Retry-After", "3600"));

    assertThatThrownBy(() -> client.signal("dev-1", null, 100))
        .isInstanceOf(VendorException.class)
        .hasMessageContaining("429");
    assertThat(api.requests(SIGNAL)).hasSize(1);
  }

  @Test
  void retriesServerErrorsUntilTheServerAnswers() throws Exception {
    api.failNext(SIGNAL, Canned.status(500), Canned.status(502), Canned.status(503));

    RecordPage page = client.signal("dev-1", null, 100);

    assertThat(page.records()).hasSize(2);
    assertThat(api.requests(SIGNAL)).hasSize(4);
  }

  @Test
  void givesUpAfterMaxAttemptsOfServerErrors() {
    api.failNext(
        SIGNAL, Canned.status(500), Canned.status(500), Canned.status(500), Canned.status(500));

    assertThatThrownBy(() -> client.signal("dev-1", null, 100))
        .isInstanceOf(VendorException.class)
        .isNotInstanceOf(DeviceNotFoundException.class)
        .hasMessageContaining("HTTP 500");
    assertThat(api.requests(SIGNAL)).hasSize(4);
  }

  @Test
  void retriesATruncatedJsonBody() throws Exception {
    api.failNext(
        SIGNAL, Canned.body("{\"device_id\":\"dev-1\",\"readings\":[{\"ts\":\"2026-01-01T00:0"));

    RecordPage page = client.signal("dev-1", null, 100);

    assertThat(page.records()).hasSize(2);
    assertThat(api.requests(SIGNAL)).hasSize(2);
  }

  @Test
  void retriesAnAnswerWhoseBodyStallsHalfway() throws Exception {
    // HttpRequest.timeout alone would wait for the rest of this body forever.
    client =
        new HttpVendorClient(
            fastRetries().requestTimeout(Duration.ofMillis(500)).build(),
            ApiToken.of(ScriptedVendorApi.TOKEN));
    String full =
        "{\"device_id\":\"dev-1\",\"readings\":["
            + reading("2026-01-01T00:00:00Z", -80)
            + "],\"has_more\":false}";
    api.failNext(SIGNAL, Canned.body(full).cutAfter(40));

    RecordPage page = client.signal("dev-1", null, 100);

    assertThat(page.records()).hasSize(2);
    assertThat(api.requests(SIGNAL)).hasSize(2);
  }

  @Test
  void retriesAWellFormedBodyOfTheWrongShape() throws Exception {
    api.failNext(SIGNAL, Canned.body("{\"device_id\":\"dev-1\",\"readings\":{}}"));

    assertThat(client.signal("dev-1", null, 100).records()).hasSize(2);
    assertThat(api.requests(SIGNAL)).hasSize(2);
  }

  @Test
  void retriesARequestThatTimesOut() throws Exception {
    client =
        new HttpVendorClient(
            fastRetries().requestTimeout(Duration.ofMillis(300)).build(),
            ApiToken.of(ScriptedVendorApi.TOKEN));
    api.failNext(SIGNAL, Canned.body("{}").delayed(1500));

    assertThat(client.signal("dev-1", null, 100).records()).hasSize(2);
    assertThat(api.requests(SIGNAL)).hasSize(2);
  }

  @Test
  void a404MeansTheDeviceIsGoneAndIsNotRetried() {
    assertThatThrownBy(() -> client.signal("dev-404", null, 100))
        .isInstanceOfSatisfying(
            DeviceNotFoundException.class, e -> assertThat(e.deviceId()).isEqualTo("dev-404"));
    assertThat(api.requests("/v1/devices/dev-404/signal")).hasSize(1);
  }

  @Test
  void sendsTheBearerTokenAndNeverPutsItInAnError() {
    client = new HttpVendorClient(fastRetries().build(), ApiToken.of("wrong-token-value"));

    assertThatThrownBy(() -> client.signal("dev-1", null, 100))
        .isInstanceOf(VendorException.class)
        .hasMessageContaining("401")
        .hasMessageContaining("check the API token")
        .hasMessageNotContaining("wrong-token-value");
    assertThat(api.requests(SIGNAL))
        .singleElement()
        .satisfies(r -> assertThat(r.authorization()).isEqualTo("Bearer wrong-token-value"));
    assertThat(ApiToken.of("wrong-token-value").toString()).doesNotContain("wrong-token-value");
  }

  @Test
  void passesSinceAndLimitAndReadsHasMore() throws Exception {
    RecordPage page = client.signal("dev-1", Instant.parse("2026-01-01T00:00:00Z"), 1);

    assertThat(page.records())
        .singleElement()
        .satisfies(
            r -> assertThat(r.json().get("ts").textValue()).isEqualTo("2026-01-01T00:05:00Z"));
    assertThat(page.hasMore()).isFalse();
    assertThat(api.requests(SIGNAL).get(0).query())
        .containsEntry("since", "2026-01-01T00:00:00Z")
        .containsEntry("limit", "1");
  }

  @Test
  void followsTheDeviceListCursor() throws Exception {
    api.device(deviceJson("dev-2", "acme")).device(deviceJson("dev-3", "globex"));

    DevicePage first = client.listDevices(null, 2);
    DevicePage second = client.listDevices(first.nextCursor(), 2);

    assertThat(first.devices()).hasSize(2);
    assertThat(first.isLast()).isFalse();
    assertThat(second.devices())
        .singleElement()
        .satisfies(d -> assertThat(d.json().get("device_id").textValue()).isEqualTo("dev-3"));
    assertThat(second.isLast()).isTrue();
  }
}
