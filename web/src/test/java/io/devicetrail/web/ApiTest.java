package io.devicetrail.web;

import static io.devicetrail.web.ApiFleet.GATEWAY;
import static io.devicetrail.web.ApiFleet.NEVER_HEARD;
import static io.devicetrail.web.ApiFleet.SILENT;
import static io.devicetrail.web.ApiFleet.SLEEPER;
import static io.devicetrail.web.ApiFleet.T0;
import static io.devicetrail.web.WebFixture.ACME_TOKEN;
import static io.devicetrail.web.WebFixture.GLOBEX_TOKEN;
import static io.devicetrail.web.WebFixture.SUPPORT_TOKEN;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The read API over HTTP against real PostgreSQL with the real migrations, on a fixed clock: every
 * call in JSON and CSV, every refusal, tenant isolation for every call; every answer is checked
 * against the OpenAPI document the server serves.
 */
class ApiTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir static Path dataDir;
  static WebFixture web;
  static ApiFleet fleet = new ApiFleet();
  static OpenApiDocument openApi;
  static final List<String> contractProblems = new ArrayList<>();

  @BeforeAll
  static void start() throws Exception {
    web =
        WebFixture.start(
            dataDir, WebConfig.defaults().withPort(0).withClock(Clock.fixed(T0, ZoneOffset.UTC)));
    try (Connection c = web.admin()) {
      fleet.insert(c);
    }
    HttpResponse<String> doc = web.get("/api/v1/openapi.json", null);
    assertThat(doc.statusCode()).isEqualTo(200);
    openApi = new OpenApiDocument(doc.body());
  }

  @AfterAll
  static void stop() {
    if (web != null) {
      web.close();
    }
  }

  /** GET as {@code token}, the answer checked against the OpenAPI document. */
  private static HttpResponse<String> api(String path, String token, String... headers)
      throws Exception {
    HttpResponse<String> r = web.get(path, token, headers);
    List<String> problems = openApi.check(r);
    synchronized (contractProblems) {
      contractProblems.addAll(problems);
    }
    assertThat(problems).as("%s answered %s: %s", path, r.statusCode(), r.body()).isEmpty();
    return r;
  }

  private static JsonNode json(String path, String token) throws Exception {
    HttpResponse<String> r = api(path, token);
    assertThat(r.statusCode()).as(path + ": " + r.body()).isEqualTo(200);
    assertThat(r.headers().firstValue("Content-Type"))
        .hasValueSatisfying(t -> assertThat(t).startsWith("application/json"));
    return JSON.readTree(r.body());
  }

  /** CSV rows, the header first, parsed by Jackson's CSV reader. */
  private static List<List<String>> csv(String path, String token) throws Exception {
    HttpResponse<String> r = api(path, token, "Accept", "text/csv");
    assertThat(r.statusCode()).as(path + ": " + r.body()).isEqualTo(200);
    assertThat(r.headers().firstValue("Content-Type"))
        .hasValueSatisfying(t -> assertThat(t).startsWith("text/csv"));
    List<List<String>> rows = new ArrayList<>();
    try (com.fasterxml.jackson.databind.MappingIterator<List<String>> it =
        new com.fasterxml.jackson.dataformat.csv.CsvMapper()
            .enable(com.fasterxml.jackson.dataformat.csv.CsvParser.Feature.WRAP_AS_ARRAY)
            .readerFor(List.class)
            .readValues(r.body())) {
      while (it.hasNext()) {
        rows.add(it.next());
      }
    }
    return rows;
  }

  private static List<String> ids(JsonNode array) {
    List<String> ids = new ArrayList<>();
    array.forEach(d -> ids.add(d.get("device_id").asText()));
    return ids;
  }

  private static String q(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  // ------------------------------------------------------------------------------------ devices

  @Test
  void devicesAreFoundByPrefixTenantSiteAndStatus() throws Exception {
    assertThat(ids(json("/api/v1/devices", SUPPORT_TOKEN).get("devices")))
        .containsExactly(SLEEPER, SILENT, NEVER_HEARD, GATEWAY);
    assertThat(ids(json("/api/v1/devices?prefix=acme-a", SUPPORT_TOKEN).get("devices")))
        .containsExactly(SLEEPER, SILENT, NEVER_HEARD);
    assertThat(ids(json("/api/v1/devices?site=north", SUPPORT_TOKEN).get("devices")))
        .containsExactly(SLEEPER, GATEWAY);
    assertThat(ids(json("/api/v1/devices?tenant=globex", SUPPORT_TOKEN).get("devices")))
        .containsExactly(GATEWAY);
    assertThat(ids(json("/api/v1/devices?status=SILENT", SUPPORT_TOKEN).get("devices")))
        .containsExactly(SILENT);
    assertThat(ids(json("/api/v1/devices?status=unknown", SUPPORT_TOKEN).get("devices")))
        .containsExactly(NEVER_HEARD);
    JsonNode sleeper =
        json("/api/v1/devices?prefix=" + SLEEPER, SUPPORT_TOKEN).get("devices").get(0);
    assertThat(sleeper.get("status").asText()).isEqualTo("ASLEEP");
    assertThat(sleeper.get("last_reading_ts").asText())
        .isEqualTo(T0.minusSeconds(3_600).toString());
    assertThat(sleeper.get("rssi_dbm").asDouble()).isEqualTo(-88);
  }

  @Test
  void devicesPageByCursorToTheEndWithALinkToTheNextPage() throws Exception {
    List<String> seen = new ArrayList<>();
    String path = "/api/v1/devices?limit=1";
    int pages = 0;
    while (path != null) {
      HttpResponse<String> r = api(path, SUPPORT_TOKEN);
      JsonNode page = JSON.readTree(r.body());
      seen.addAll(ids(page.get("devices")));
      pages++;
      JsonNode next = page.get("next_cursor");
      if (next.isNull()) {
        assertThat(r.headers().firstValue("Link")).isEmpty();
        path = null;
      } else {
        String link = r.headers().firstValue("Link").orElseThrow();
        assertThat(link).endsWith(">; rel=\"next\"").contains("cursor=" + q(next.asText()));
        path = link.substring(1, link.indexOf('>'));
      }
    }
    assertThat(seen).containsExactly(SLEEPER, SILENT, NEVER_HEARD, GATEWAY);
    assertThat(pages).isEqualTo(4);
  }

  @Test
  void devicesAsCsvHaveAHeaderRowAndTheSameFields() throws Exception {
    List<List<String>> rows = csv("/api/v1/devices?tenant=acme", SUPPORT_TOKEN);
    assertThat(rows.get(0))
        .containsExactly(
            "device_id",
            "tenant_id",
            "site",
            "model",
            "firmware",
            "status",
            "last_reading_ts",
            "rssi_dbm");
    assertThat(rows).hasSize(4);
    assertThat(rows.get(1))
        .containsExactly(
            SLEEPER,
            "acme",
            "north",
            "TR-200",
            "1.4.2",
            "ASLEEP",
            T0.minusSeconds(3_600).toString(),
            "-88.0");
    // A site a spreadsheet would run as a formula is defused.
    assertThat(rows.get(3).get(2)).startsWith("'=HYPERLINK(");
    HttpResponse<String> viaParam = api("/api/v1/devices?tenant=acme&format=csv", SUPPORT_TOKEN);
    assertThat(viaParam.body())
        .isEqualTo(
            web.get("/api/v1/devices?tenant=acme", SUPPORT_TOKEN, "Accept", "text/csv").body());
  }

  // ------------------------------------------------------------------------------------- device

  @Test
  void oneDeviceHasItsAttributesLatestStatusWithReasonAndCadence() throws Exception {
    JsonNode d = json("/api/v1/devices/" + SLEEPER, ACME_TOKEN);
    assertThat(d.get("tenant_id").asText()).isEqualTo("acme");
    assertThat(d.get("site").asText()).isEqualTo("north");
    assertThat(d.get("config_version").asInt()).isEqualTo(3);
    assertThat(d.get("status").asText()).isEqualTo("ASLEEP");
    assertThat(d.get("status_reason").asText())
        .isEqualTo("asleep: uploads every ~6 h, next upload due in 5 h");
    assertThat(d.at("/latest/reading/ts").asText()).isEqualTo(T0.minusSeconds(3_600).toString());
    assertThat(d.at("/latest/reading/rssi_dbm").asDouble()).isEqualTo(-88);
    assertThat(d.at("/latest/last_upload_at").asText())
        .isEqualTo(T0.minusSeconds(3_600).toString());
    assertThat(d.at("/cadence/learned_interval_s").asInt()).isEqualTo(600);
    assertThat(d.at("/cadence/learned_upload_gap_s").asInt()).isEqualTo(21_600);
    assertThat(d.at("/cadence/next_upload_due_at").asText())
        .isEqualTo(T0.plusSeconds(5 * 3_600).toString());
    assertThat(d.get("as_of").asText()).isEqualTo(T0.toString());

    JsonNode never = json("/api/v1/devices/" + NEVER_HEARD, SUPPORT_TOKEN);
    assertThat(never.get("status").asText()).isEqualTo("UNKNOWN");
    assertThat(never.at("/latest/reading").isNull()).isTrue();
    assertThat(json("/api/v1/devices/" + SILENT, SUPPORT_TOKEN).get("status_reason").asText())
        .startsWith("silent: nothing since 10 d");

    List<List<String>> rows = csv("/api/v1/devices/" + SLEEPER, ACME_TOKEN);
    assertThat(rows).hasSize(2);
    assertThat(rows.get(0))
        .contains(
            "device_id", "status_reason", "latest.reading.rssi_dbm", "cadence.learned_interval_s");
    assertThat(rows.get(1).get(rows.get(0).indexOf("cadence.learned_interval_s"))).isEqualTo("600");
  }

  // ------------------------------------------------------------------------------------- signal

  @Test
  void rawSignalHasEveryReadingOfTheRange() throws Exception {
    Instant from = T0.minusSeconds(6 * 3_600);
    JsonNode s =
        json(
            "/api/v1/devices/" + SLEEPER + "/signal?resolution=raw&from=" + from + "&to=" + T0,
            ACME_TOKEN);
    List<Instant> expected = fleet.sleeperReadings.stream().filter(t -> !t.isBefore(from)).toList();
    assertThat(s.get("resolution").asText()).isEqualTo("raw");
    assertThat(s.get("points")).hasSize(expected.size());
    assertThat(s.get("points").get(0).get("ts").asText()).isEqualTo(expected.get(0).toString());
    assertThat(s.get("retained_from").asText()).isEqualTo(T0.minus(Duration.ofDays(14)).toString());
    List<List<String>> rows =
        csv(
            "/api/v1/devices/" + SLEEPER + "/signal?resolution=raw&from=" + from + "&to=" + T0,
            ACME_TOKEN);
    assertThat(rows.get(0))
        .containsExactly(
            "ts",
            "rssi_dbm",
            "snr_db",
            "rsrp_dbm",
            "rsrq_db",
            "cell_id",
            "lat",
            "lon",
            "battery_mv");
    assertThat(rows).hasSize(expected.size() + 1);
  }

  @Test
  void hourlyBucketsCountEveryReadingWithNearestRankMedianAndCoverage() throws Exception {
    JsonNode s =
        json(
            "/api/v1/devices/"
                + SLEEPER
                + "/signal?resolution=hourly&from="
                + T0.minus(Duration.ofDays(4))
                + "&to="
                + T0,
            ACME_TOKEN);
    long total = 0;
    for (JsonNode b : s.get("points")) {
      total += b.get("readings").asLong();
      Instant start = Instant.parse(b.get("bucket_start").asText());
      List<Double> values = new ArrayList<>();
      for (int i = 0; i < fleet.sleeperReadings.size(); i++) {
        Instant t = fleet.sleeperReadings.get(i);
        if (!t.isBefore(start) && t.isBefore(start.plusSeconds(3_600))) {
          values.add(fleet.sleeperRssi.get(i));
        }
      }
      values.sort(Double::compare);
      assertThat(b.get("readings").asInt()).isEqualTo(values.size());
      assertThat(b.get("rssi_min").asDouble()).isEqualTo(values.get(0));
      assertThat(b.get("rssi_max").asDouble()).isEqualTo(values.get(values.size() - 1));
      assertThat(b.get("rssi_p50").asDouble())
          .isEqualTo(values.get((int) Math.ceil(0.5 * values.size()) - 1));
      assertThat(b.get("coverage").asDouble()).isEqualTo(values.size() / 6.0);
    }
    assertThat(total).isEqualTo(fleet.sleeperReadings.size());
    assertThat(s.get("points")).hasSize(72);

    JsonNode daily =
        json(
            "/api/v1/devices/"
                + SLEEPER
                + "/signal?resolution=daily&from="
                + T0.minus(Duration.ofDays(4))
                + "&to="
                + T0,
            ACME_TOKEN);
    assertThat(daily.get("points")).hasSize(4);
    assertThat(daily.get("from").asText()).isEqualTo("2026-10-29T00:00:00Z");
    assertThat(daily.get("to").asText()).isEqualTo("2026-11-03T00:00:00Z");
    long dailyTotal = 0;
    for (JsonNode b : daily.get("points")) {
      dailyTotal += b.get("readings").asLong();
    }
    assertThat(dailyTotal).isEqualTo(fleet.sleeperReadings.size());
    List<List<String>> rows =
        csv(
            "/api/v1/devices/"
                + SLEEPER
                + "/signal?resolution=daily&from="
                + T0.minus(Duration.ofDays(4))
                + "&to="
                + T0,
            ACME_TOKEN);
    assertThat(rows.get(0))
        .containsExactly(
            "bucket_start", "readings", "rssi_min", "rssi_avg", "rssi_max", "rssi_p50", "coverage");
    assertThat(rows).hasSize(5);
  }

  @Test
  void autoPicksRawUpTo48HoursHourlyUpTo14DaysAndDailyBeyondAndOlderThanRetentionIsEmpty()
      throws Exception {
    String base = "/api/v1/devices/" + SLEEPER + "/signal";
    assertThat(json(base, ACME_TOKEN).get("resolution").asText()).isEqualTo("raw");
    assertThat(
            json(base + "?from=" + T0.minus(Duration.ofDays(5)), ACME_TOKEN)
                .get("resolution")
                .asText())
        .isEqualTo("hourly");
    assertThat(
            json(base + "?from=" + T0.minus(Duration.ofDays(30)), ACME_TOKEN)
                .get("resolution")
                .asText())
        .isEqualTo("daily");
    JsonNode old =
        json(
            base
                + "?from="
                + T0.minus(Duration.ofDays(60))
                + "&to="
                + T0.minus(Duration.ofDays(20)),
            ACME_TOKEN);
    assertThat(old.get("points")).isEmpty();
    assertThat(old.get("retained_from").asText())
        .isEqualTo(T0.minus(Duration.ofDays(14)).toString());
  }

  // ----------------------------------------------------------------------------------- activity

  @Test
  void activityPagesOldestFirstAndFiltersByType() throws Exception {
    List<String> types = new ArrayList<>();
    String path =
        "/api/v1/devices/" + SLEEPER + "/activity?limit=2&from=" + T0.minus(Duration.ofDays(3));
    int pages = 0;
    while (path != null) {
      JsonNode page = json(path, ACME_TOKEN);
      page.get("events").forEach(e -> types.add(e.get("type").asText()));
      pages++;
      path =
          page.get("next_cursor").isNull()
              ? null
              : "/api/v1/devices/"
                  + SLEEPER
                  + "/activity?limit=2&from="
                  + T0.minus(Duration.ofDays(3))
                  + "&cursor="
                  + q(page.get("next_cursor").asText());
    }
    assertThat(types).containsExactly("CONFIG_UPDATE", "TIMEOUT", "TIMEOUT", "CONNECT", "REBOOT");
    assertThat(pages).isEqualTo(3);
    JsonNode timeouts = json("/api/v1/devices/" + SLEEPER + "/activity?type=TIMEOUT", ACME_TOKEN);
    assertThat(timeouts.get("events")).hasSize(2);
    assertThat(
            json("/api/v1/devices/" + SLEEPER + "/activity?type=CONFIG_UPDATE", ACME_TOKEN)
                .at("/events/0/detail/config_version")
                .asInt())
        .isEqualTo(4);
    List<List<String>> rows = csv("/api/v1/devices/" + SLEEPER + "/activity", ACME_TOKEN);
    assertThat(rows.get(0)).containsExactly("event_id", "ts", "type", "outcome", "detail");
    assertThat(rows).hasSize(6);
  }

  // ----------------------------------------------------------------------------------- value-at

  @Test
  void valueAtGivesTheNearestReadingOnEitherSideWithItsDistance() throws Exception {
    Instant lastReading = T0.minusSeconds(3_600);
    JsonNode after =
        json(
            "/api/v1/devices/" + SLEEPER + "/value-at?t=" + lastReading.minusSeconds(240),
            ACME_TOKEN);
    assertThat(after.at("/reading/ts").asText()).isEqualTo(lastReading.toString());
    assertThat(after.get("distance_s").asLong()).isEqualTo(240);
    assertThat(after.get("side").asText()).isEqualTo("after");
    JsonNode before =
        json(
            "/api/v1/devices/" + SLEEPER + "/value-at?t=" + lastReading.minusSeconds(360),
            ACME_TOKEN);
    assertThat(before.at("/reading/ts").asText())
        .isEqualTo(lastReading.minusSeconds(600).toString());
    assertThat(before.get("distance_s").asLong()).isEqualTo(240);
    assertThat(before.get("side").asText()).isEqualTo("before");
    JsonNode at = json("/api/v1/devices/" + SLEEPER + "/value-at?t=" + lastReading, ACME_TOKEN);
    assertThat(at.get("distance_s").asLong()).isZero();
    assertThat(at.get("side").asText()).isEqualTo("at");
    JsonNode later =
        json(
            "/api/v1/devices/" + SLEEPER + "/value-at?t=" + T0.plus(Duration.ofDays(1)),
            ACME_TOKEN);
    assertThat(later.get("distance_s").asLong()).isEqualTo(25 * 3_600);
    JsonNode none = json("/api/v1/devices/" + NEVER_HEARD + "/value-at?t=" + T0, ACME_TOKEN);
    assertThat(none.get("reading").isNull()).isTrue();
    assertThat(none.get("distance_s").isNull()).isTrue();
    List<List<String>> rows =
        csv(
            "/api/v1/devices/" + SLEEPER + "/value-at?t=" + lastReading.minusSeconds(240),
            ACME_TOKEN);
    assertThat(rows.get(0)).startsWith("device_id", "t", "distance_s", "side", "reading.ts");
    assertThat(rows.get(1))
        .startsWith(
            SLEEPER,
            lastReading.minusSeconds(240).toString(),
            "240",
            "after",
            lastReading.toString());
  }

  // -------------------------------------------------------------------------------------- fleet

  @Test
  void worstDevicesByRssiTimeoutsAndCoverage() throws Exception {
    JsonNode rssi = json("/api/v1/fleet/worst?metric=rssi&window=week", SUPPORT_TOKEN);
    assertThat(ids(rssi.get("devices"))).containsExactly(SLEEPER, GATEWAY);
    assertThat(rssi.at("/devices/1/value").asDouble())
        .isGreaterThan(rssi.at("/devices/0/value").asDouble());
    JsonNode timeouts = json("/api/v1/fleet/worst?metric=timeouts&window=day", SUPPORT_TOKEN);
    assertThat(ids(timeouts.get("devices"))).containsExactly(SLEEPER, GATEWAY);
    assertThat(timeouts.at("/devices/0/value").asInt()).isEqualTo(2);
    JsonNode coverage =
        json("/api/v1/fleet/worst?metric=coverage&window=week&limit=1", SUPPORT_TOKEN);
    assertThat(ids(coverage.get("devices"))).containsExactly(SILENT);
    assertThat(coverage.at("/devices/0/value").asDouble()).isZero();
    List<List<String>> rows = csv("/api/v1/fleet/worst?metric=timeouts&window=day", SUPPORT_TOKEN);
    assertThat(rows)
        .containsExactly(
            List.of("device_id", "tenant_id", "value"),
            List.of(SLEEPER, "acme", "2.0"),
            List.of(GATEWAY, "globex", "1.0"));
  }

  // ------------------------------------------------------------------------ tenant isolation

  @Test
  void aClientSeesNothingOfAnotherTenantThroughAnyCallInEitherFormat() throws Exception {
    for (String accept : new String[] {"application/json", "text/csv"}) {
      for (String path :
          List.of(
              "/api/v1/devices",
              "/api/v1/devices?tenant=globex",
              "/api/v1/devices?site=north",
              "/api/v1/fleet/worst?metric=rssi&window=week",
              "/api/v1/fleet/worst?metric=timeouts&window=week",
              "/api/v1/fleet/worst?metric=coverage&window=week")) {
        HttpResponse<String> r = api(path, ACME_TOKEN, "Accept", accept);
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).as(path + " " + accept).doesNotContain("globex");
      }
      for (String call : List.of("", "/signal", "/activity", "/value-at?t=" + T0)) {
        HttpResponse<String> other =
            api("/api/v1/devices/" + GATEWAY + call, ACME_TOKEN, "Accept", accept);
        HttpResponse<String> unknown =
            api("/api/v1/devices/acme-nope" + call, ACME_TOKEN, "Accept", accept);
        assertThat(other.statusCode()).isEqualTo(404);
        assertThat(other.headers().firstValue("Content-Type")).contains("application/problem+json");
        assertThat(other.body())
            .isEqualTo(unknown.body().replace("acme-nope", GATEWAY))
            .doesNotContain("north")
            .doesNotContain("-70");
      }
    }
    assertThat(json("/api/v1/devices/" + GATEWAY, GLOBEX_TOKEN).get("status").asText())
        .isEqualTo("AWAKE");
    assertThat(api("/api/v1/devices/" + SLEEPER, GLOBEX_TOKEN).statusCode()).isEqualTo(404);
  }

  // ---------------------------------------------------------------------------------- refusals

  @Test
  void malformedParametersRangesLimitsAndCursorsAreA400NamingTheParameter() throws Exception {
    String d = "/api/v1/devices/" + SLEEPER;
    String[][] cases = {
      {"/api/v1/devices?limit=0", "limit"},
      {"/api/v1/devices?limit=1001", "limit"},
      {"/api/v1/devices?limit=ten", "limit"},
      {"/api/v1/devices?cursor=not-a-cursor", "cursor"},
      {
        "/api/v1/devices?cursor="
            + q(
                java.util.Base64.getUrlEncoder()
                    .encodeToString("d1|' OR 1=1".getBytes(StandardCharsets.UTF_8))),
        "cursor"
      },
      {"/api/v1/devices?status=DEAD", "status"},
      {"/api/v1/devices?prefix=" + q("'; DROP TABLE device; --"), "prefix"},
      {"/api/v1/devices?colour=red", "colour"},
      {d + "/signal?from=" + T0 + "&to=" + T0.minusSeconds(1), "from"},
      {d + "/signal?from=" + T0.minus(Duration.ofDays(401)) + "&to=" + T0, "to"},
      {d + "/signal?from=yesterday", "from"},
      {d + "/signal?resolution=minutely", "resolution"},
      {d + "/activity?cursor=abc", "cursor"},
      {d + "/activity?type=drop%20table", "type"},
      {d + "/activity?limit=-1", "limit"},
      {d + "/value-at", "t"},
      {d + "/value-at?t=noon", "t"},
      {"/api/v1/fleet/worst?metric=battery", "metric"},
      {"/api/v1/fleet/worst?window=month", "window"},
      {"/api/v1/devices?format=xml", "format"},
    };
    for (String[] c : cases) {
      HttpResponse<String> r = api(c[0], SUPPORT_TOKEN);
      assertThat(r.statusCode()).as(c[0] + ": " + r.body()).isEqualTo(400);
      JsonNode problem = JSON.readTree(r.body());
      assertThat(problem.get("parameter").asText()).as(c[0]).isEqualTo(c[1]);
      assertThat(problem.get("status").asInt()).isEqualTo(400);
      assertThat(r.body()).doesNotContain("Exception").doesNotContain("SQL");
    }
    HttpResponse<String> badId = api("/api/v1/devices/" + q("<script>"), SUPPORT_TOKEN);
    assertThat(badId.statusCode()).isEqualTo(400);
  }

  @Test
  void noOrAnUnknownTokenIsA401AndTheDocumentNeedsNone() throws Exception {
    for (String token : new String[] {null, "not-a-known-token-at-all"}) {
      HttpResponse<String> r = api("/api/v1/devices", token);
      assertThat(r.statusCode()).isEqualTo(401);
      assertThat(r.headers().firstValue("WWW-Authenticate"))
          .contains("Bearer realm=\"devicetrail\"");
      assertThat(r.headers().firstValue("Content-Type")).contains("application/problem+json");
    }
    // The pages' session cookie is no API credential.
    String cookie = web.signIn(SUPPORT_TOKEN);
    assertThat(api("/api/v1/devices", null, "Cookie", cookie).statusCode()).isEqualTo(401);
    assertThat(web.get("/api/v1/openapi.json", null).statusCode()).isEqualTo(200);
  }

  @Test
  void unknownCallsAre404WritesAre405AndQualityIsNotServedYet() throws Exception {
    HttpResponse<String> nothing = web.get("/api/v1/nothing", SUPPORT_TOKEN);
    assertThat(nothing.statusCode()).isEqualTo(404);
    assertThat(nothing.headers().firstValue("Content-Type")).contains("application/problem+json");
    HttpResponse<String> post =
        web.post("/api/v1/devices", "x=1", "Authorization", "Bearer " + SUPPORT_TOKEN);
    assertThat(post.statusCode()).isEqualTo(405);
    assertThat(post.headers().firstValue("Allow")).contains("GET, HEAD");
    HttpResponse<String> quality =
        web.get("/api/v1/devices/" + SLEEPER + "/quality", SUPPORT_TOKEN);
    assertThat(quality.statusCode()).isEqualTo(501);
    assertThat(openApi.operations()).noneMatch(op -> op.contains("quality"));
  }

  @Test
  void theDocumentIsOpenApi31AndDescribesEveryCallOfTheApi() {
    assertThat(openApi.root().get("openapi").asString()).startsWith("3.1.");
    assertThat(openApi.operations())
        .containsExactlyInAnyOrder(
            "GET /api/v1/devices",
            "GET /api/v1/devices/{id}",
            "GET /api/v1/devices/{id}/signal",
            "GET /api/v1/devices/{id}/activity",
            "GET /api/v1/devices/{id}/value-at",
            "GET /api/v1/fleet/worst",
            "GET /api/v1/openapi.json");
  }

  @Test
  void theCheckCatchesAnAnswerThatBreaksTheDocument() {
    assertThat(
            openApi.errors(
                "#/components/schemas/DeviceList", "{\"devices\":[],\"next_cursor\":null}"))
        .isEmpty();
    assertThat(
            openApi.errors(
                "#/components/schemas/DeviceList",
                "{\"devices\":[{\"device_id\":1}],\"next_cursor\":null}"))
        .isNotEmpty();
    assertThat(
            openApi.errors(
                "#/components/schemas/ValueAt",
                "{\"device_id\":\"a\",\"t\":\"2026-11-02T12:00:00Z\",\"reading\":null,"
                    + "\"distance_s\":null,\"side\":null,\"retained_from\":\"x\",\"extra\":1}"))
        .isNotEmpty();
  }

  @AfterAll
  static void everyDescribedCallWasExercisedAndConformed() {
    assertThat(contractProblems).isEmpty();
    for (String op : openApi.operations()) {
      if (!op.endsWith("openapi.json")) {
        assertThat(openApi.exercised()).as("answers seen").anyMatch(e -> e.startsWith(op + " 200"));
      }
    }
  }
}
