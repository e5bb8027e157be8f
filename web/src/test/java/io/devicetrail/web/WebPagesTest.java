package io.devicetrail.web;

import static io.devicetrail.web.SmallFleet.DEAD;
import static io.devicetrail.web.SmallFleet.GLOBEX_SLEEPER;
import static io.devicetrail.web.SmallFleet.LATE;
import static io.devicetrail.web.SmallFleet.SLEEPER;
import static io.devicetrail.web.SmallFleet.STREAMER;
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
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The pages over HTTP against real PostgreSQL, with the database's row-level security. */
class WebPagesTest {

  @TempDir static Path dataDir;
  static WebFixture web;
  static SmallFleet fleet = new SmallFleet();

  @BeforeAll
  static void start() throws Exception {
    web =
        WebFixture.start(dataDir, WebConfig.defaults().withPort(0).withClock(fleet.serverClock()));
    try (Connection c = web.admin()) {
      fleet.insert(c);
    }
  }

  @AfterAll
  static void stop() {
    if (web != null) {
      web.close();
    }
  }

  private static String status(String html) {
    Matcher m =
        Pattern.compile("<span id=\"status\" class=\"badge [a-z]+\">([A-Z]+)</span>").matcher(html);
    assertThat(m.find()).as("status badge in the page").isTrue();
    return m.group(1);
  }

  @Test
  void theDevicePageShowsEachStatusWithItsReasonInWords() throws Exception {
    HttpResponse<String> sleeper = web.get("/devices/" + SLEEPER, SUPPORT_TOKEN);
    assertThat(sleeper.statusCode()).isEqualTo(200);
    assertThat(status(sleeper.body())).isEqualTo("ASLEEP");
    assertThat(sleeper.body())
        .containsPattern("asleep: uploads every ~6 h, next upload due in 3 h 5\\d min");

    assertThat(status(web.get("/devices/" + STREAMER, SUPPORT_TOKEN).body())).isEqualTo("AWAKE");
    String late = web.get("/devices/" + LATE, SUPPORT_TOKEN).body();
    assertThat(status(late)).isEqualTo("OVERDUE");
    assertThat(late)
        .containsPattern("overdue: uploads every ~60 min, next upload was due 3\\d min ago");
    String dead = web.get("/devices/" + DEAD, SUPPORT_TOKEN).body();
    assertThat(status(dead)).isEqualTo("SILENT");
    assertThat(dead).contains("silent: nothing since 5 d");
  }

  @Test
  void theSignalChartHasAPointPerReadingOneGapAndBothCellChanges() throws Exception {
    String html = web.get("/devices/" + SLEEPER, SUPPORT_TOKEN).body();
    String chart =
        html.substring(html.indexOf("<svg id=\"chart-48h\""), html.indexOf("</svg>") + 6);
    assertThat(chart)
        .contains("data-points=\"" + fleet.sleeperRecent.size() + "\"")
        .contains("data-gaps=\"1\"")
        .contains("data-cell-changes=\"2\"")
        .contains("cell cell-A → cell-B")
        .contains("cell cell-B → cell-A")
        .contains("no readings for 5 h");
    assertThat(Pattern.compile("<circle class=\"pt\"").matcher(chart).results().count())
        .isEqualTo(fleet.sleeperRecent.size());
  }

  @Test
  void theActivityTimelineHighlightsFailuresAndEscapesDetails() throws Exception {
    String html = web.get("/devices/" + SLEEPER, SUPPORT_TOKEN).body();
    assertThat(html)
        .containsPattern("<tr class=\"trouble\"><td>[^<]+</td><td>CONFIG_UPDATE</td><td>FAILED")
        .containsPattern("<tr><td>[^<]+</td><td>CONNECT</td><td>OK")
        .contains("&lt;rejected&gt;")
        .doesNotContain("<rejected>");
  }

  @Test
  void coveragePerDayComparesReadingsWithTheLearnedInterval() throws Exception {
    String html = web.get("/devices/" + SLEEPER, SUPPORT_TOKEN).body();
    String table =
        html.substring(
            html.indexOf("<table id=\"coverage\""),
            html.indexOf("</table>", html.indexOf("<table id=\"coverage\"")));
    assertThat(Pattern.compile("<tr><td>\\d{4}-").matcher(table).results().count()).isEqualTo(14);
    // every full day: the readings inserted that UTC day against 86 400 s / 600 s = 144
    java.time.LocalDate today = fleet.insertedAt.atZone(java.time.ZoneOffset.UTC).toLocalDate();
    for (int back = 1; back < 14; back++) {
      java.time.LocalDate day = today.minusDays(back);
      long readings =
          fleet.sleeperAll.stream()
              .filter(t -> t.atZone(java.time.ZoneOffset.UTC).toLocalDate().equals(day))
              .count();
      assertThat(table)
          .contains(
              "<tr><td>"
                  + day
                  + "</td><td>"
                  + readings
                  + "</td><td>144</td><td>"
                  + Math.round(readings * 100.0 / 144)
                  + " %</td></tr>");
    }
  }

  @Test
  void signalJsonHasEveryReadingOfTheLast48Hours() throws Exception {
    HttpResponse<String> r = web.get("/devices/" + SLEEPER + "/signal.json?window=48h", ACME_TOKEN);
    assertThat(r.statusCode()).isEqualTo(200);
    JsonNode json = new ObjectMapper().readTree(r.body());
    assertThat(json.get("points").size()).isEqualTo(fleet.sleeperRecent.size());
    assertThat(json.get("points").get(0).get("ts").asText())
        .isEqualTo(fleet.sleeperRecent.get(0).toString());
  }

  @Test
  void aClientSeesNoDeviceOfAnotherTenantEvenByEditingTheUrl() throws Exception {
    for (String path :
        new String[] {
          "/devices/" + DEAD, "/devices/" + GLOBEX_SLEEPER, "/devices/" + DEAD + "/signal.json"
        }) {
      HttpResponse<String> r = web.get(path, ACME_TOKEN);
      assertThat(r.statusCode()).as(path).isEqualTo(404);
      assertThat(r.body())
          .contains("is visible to you")
          .doesNotContain("globex\"")
          .doesNotContain("Rotterdam");
    }
    assertThat(web.get("/devices/" + DEAD, GLOBEX_TOKEN).statusCode()).isEqualTo(200);
    assertThat(web.get("/devices/" + SLEEPER, GLOBEX_TOKEN).statusCode()).isEqualTo(404);
  }

  @Test
  void aClientsFleetPageCountsAndListsOnlyItsOwnDevices() throws Exception {
    String acme = web.get("/?window=week", ACME_TOKEN).body();
    assertThat(acme).doesNotContain("globex").doesNotContain("Rotterdam");
    assertThat(acme).contains(SLEEPER).contains(STREAMER).contains(LATE);
    assertThat(count(acme, "asleep")).isEqualTo(1);
    assertThat(count(acme, "awake")).isEqualTo(1);
    assertThat(count(acme, "overdue")).isEqualTo(1);
    assertThat(count(acme, "silent")).isZero();
    // even asking for the other tenant by name finds nothing
    String search = web.get("/?tenant=globex", ACME_TOKEN).body();
    assertThat(search).contains("No devices match this search.").doesNotContain(DEAD);
  }

  @Test
  void supportSeesEveryTenantAndTheWorstDevices() throws Exception {
    String html = web.get("/?window=week", SUPPORT_TOKEN).body();
    assertThat(count(html, "asleep")).isEqualTo(2);
    assertThat(count(html, "silent")).isEqualTo(1);
    String overdue = section(html, "overdue");
    assertThat(overdue).contains(LATE).doesNotContain(SLEEPER);
    // weakest average signal over the week: the silent device at about -118 dBm... its readings are
    // 5 days old
    assertThat(section(html, "worst-signal")).contains(DEAD);
    assertThat(section(html, "worst-timeouts")).contains(LATE).contains("<td>3</td>");
  }

  @Test
  void searchFindsByPrefixTenantAndSiteAndPagesByDeviceId() throws Exception {
    assertThat(section(web.get("/?device=acme-s", SUPPORT_TOKEN).body(), "devices"))
        .contains(SLEEPER)
        .contains(STREAMER)
        .doesNotContain(LATE);
    assertThat(section(web.get("/?site=Rotterdam", SUPPORT_TOKEN).body(), "devices"))
        .contains(DEAD)
        .contains(GLOBEX_SLEEPER)
        .doesNotContain(SLEEPER);
    assertThat(section(web.get("/?tenant=acme&after=" + LATE, SUPPORT_TOKEN).body(), "devices"))
        .contains(SLEEPER)
        .contains(STREAMER)
        .doesNotContain(LATE);
  }

  @Test
  void sqlInTheSearchBoxGetsAClearMessageAndChangesNothing() throws Exception {
    String attack = "x'; DROP TABLE device; --";
    HttpResponse<String> r =
        web.get("/?device=" + URLEncoder.encode(attack, StandardCharsets.UTF_8), SUPPORT_TOKEN);
    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(r.body()).contains("cannot be (part of) a device id").contains("x&#39;; DROP TABLE");
    HttpResponse<String> site =
        web.get("/?site=" + URLEncoder.encode(attack, StandardCharsets.UTF_8), SUPPORT_TOKEN);
    assertThat(site.statusCode()).isEqualTo(200);
    assertThat(site.body()).contains("No devices match this search.");
    try (Connection c = web.admin();
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT count(*) FROM device")) {
      rs.next();
      assertThat(rs.getInt(1)).isEqualTo(5);
    }
  }

  @Test
  void badInputGetsAClearMessageAndAStatusNeverAStackTrace() throws Exception {
    HttpResponse<String> unknown = web.get("/devices/no-such-device", SUPPORT_TOKEN);
    assertThat(unknown.statusCode()).isEqualTo(404);
    assertThat(unknown.body())
        .contains("No device \"no-such-device\" is visible to you.".replace("\"", "&quot;"));
    HttpResponse<String> malformed = web.get("/devices/%3Cscript%3E", SUPPORT_TOKEN);
    assertThat(malformed.statusCode()).isEqualTo(400);
    assertThat(malformed.body())
        .contains("is not a device id")
        .contains("&lt;script&gt;")
        .doesNotContain("<script>");
    assertThat(web.get("/?window=year", SUPPORT_TOKEN).statusCode()).isEqualTo(400);
    assertThat(web.get("/nothing/here", SUPPORT_TOKEN).statusCode()).isEqualTo(404);
    for (HttpResponse<String> r : new HttpResponse[] {unknown, malformed}) {
      assertThat(r.body()).doesNotContain("Exception").doesNotContain("at io.devicetrail");
    }
  }

  @Test
  void pagesNeedAKnownToken() throws Exception {
    HttpResponse<String> none = web.get("/devices/" + SLEEPER, null);
    assertThat(none.statusCode()).isEqualTo(401);
    assertThat(none.body()).contains("Sign in").doesNotContain(SLEEPER + "</span>");
    assertThat(web.get("/", "not-a-known-token-at-all").statusCode()).isEqualTo(401);
  }

  @Test
  void signingInSetsARandomSessionCookieAndGoesOnlyToAPathOnThisSite() throws Exception {
    WebFixture.LoginForm form = web.loginForm();
    HttpResponse<String> ok =
        web.post(
            "/login",
            "token=" + ACME_TOKEN + "&next=%2F%2Fevil.example%2F&csrf=" + form.csrf(),
            "Cookie",
            form.cookie());
    assertThat(ok.statusCode()).isEqualTo(303);
    assertThat(ok.headers().firstValue("Location")).contains("/");
    String session =
        ok.headers().allValues("Set-Cookie").stream()
            .filter(c -> c.startsWith("devicetrail_session="))
            .findFirst()
            .orElseThrow();
    assertThat(session)
        .doesNotContain(ACME_TOKEN)
        .contains("HttpOnly")
        .contains("SameSite=Strict")
        .containsPattern("Max-Age=28800")
        .doesNotContain("Secure");
    assertThat(session.substring(session.indexOf('=') + 1, session.indexOf(';')))
        .hasSizeGreaterThanOrEqualTo(43);
    String cookie = session.substring(0, session.indexOf(';'));
    HttpResponse<String> page = web.get("/devices/" + SLEEPER, null, "Cookie", cookie);
    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.body()).contains("id=\"sign-out\"");

    HttpResponse<String> wrong =
        web.post(
            "/login", "token=wrong-token-0123456789&csrf=" + form.csrf(), "Cookie", form.cookie());
    assertThat(wrong.statusCode()).isEqualTo(401);
    assertThat(wrong.body()).contains("That token is not known.");
  }

  private static long count(String html, String status) {
    Matcher m =
        Pattern.compile("id=\"count-" + status + "\"><span class=\"n\">(\\d+)</span>")
            .matcher(html);
    assertThat(m.find()).as("count of " + status).isTrue();
    return Long.parseLong(m.group(1));
  }

  private static String section(String html, String tableId) {
    int start = html.indexOf("<table id=\"" + tableId + "\"");
    assertThat(start).as("table " + tableId).isNotNegative();
    return html.substring(start, html.indexOf("</table>", start));
  }
}
