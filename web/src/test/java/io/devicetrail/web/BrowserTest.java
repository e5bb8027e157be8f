package io.devicetrail.web;

import static io.devicetrail.web.SmallFleet.DEAD;
import static io.devicetrail.web.SmallFleet.GLOBEX_SLEEPER;
import static io.devicetrail.web.SmallFleet.LATE;
import static io.devicetrail.web.SmallFleet.SLEEPER;
import static io.devicetrail.web.WebFixture.ACME_TOKEN;
import static io.devicetrail.web.WebFixture.SUPPORT_TOKEN;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The pages in headless Chromium, signed in through the login page as a user would be: the DOM the
 * browser built is checked, and a screenshot of each page is kept in target/screenshots.
 */
class BrowserTest {

  @TempDir static Path dataDir;
  static WebFixture web;
  static SmallFleet fleet = new SmallFleet();
  static final Path SCREENSHOTS =
      Path.of(System.getProperty("devicetrail.build.directory", "target"), "screenshots");

  @BeforeAll
  static void start() throws Exception {
    assertThat(Chromium.BINARY)
        .as("run scripts/prerequisites.sh to install chromium")
        .isExecutable();
    assertThat(BrowserSession.DRIVER)
        .as("run scripts/prerequisites.sh to install chromium-driver")
        .isExecutable();
    web =
        WebFixture.start(dataDir, WebConfig.defaults().withPort(0).withClock(fleet.serverClock()));
    try (Connection c = web.admin();
        java.sql.Statement s = c.createStatement()) {
      fleet.insert(c);
      // The vendor moved the sleeper to another site, as the job writes it (updated_at forward).
      s.executeUpdate(
          "UPDATE device SET site = 'Amsterdam-Zuid', updated_at = updated_at + interval '1 second'"
              + " WHERE device_id = '"
              + SLEEPER
              + "'");
    }
  }

  /** One browser per token, signed in once through the sign-in form (each has its own profile). */
  private static final java.util.Map<String, BrowserSession> browsers = new java.util.HashMap<>();

  private static BrowserSession browserOf(String token) throws Exception {
    BrowserSession browser = browsers.get(token);
    if (browser == null) {
      browser = BrowserSession.open();
      browsers.put(token, browser);
      browser.signIn(web.url(""), token, "/");
    }
    return browser;
  }

  /** The page at {@code path} as the browser built it, signed in through the sign-in form. */
  private static String signedInDom(String token, String path) throws Exception {
    BrowserSession browser = browserOf(token);
    browser.go(web.url(path));
    return browser.dom();
  }

  private static void signedInScreenshot(String token, String path, Path png) throws Exception {
    BrowserSession browser = browserOf(token);
    browser.go(web.url(path));
    browser.screenshot(png);
  }

  @AfterAll
  static void stop() throws Exception {
    try {
      for (BrowserSession browser : browsers.values()) {
        browser.close();
      }
    } finally {
      if (web != null) {
        web.close();
      }
    }
  }

  @Test
  void theDevicePageShowsTheStatusAndAChartPointPerReading() throws Exception {
    String dom = signedInDom(SUPPORT_TOKEN, "/devices/" + SLEEPER);
    assertThat(dom).containsPattern("<span id=\"status\" class=\"badge asleep\">ASLEEP</span>");
    assertThat(dom).contains("asleep: uploads every ~6 h, next upload due in");
    String chart = dom.substring(dom.indexOf("<svg id=\"chart-48h\""));
    chart = chart.substring(0, chart.indexOf("</svg>"));
    assertThat(Pattern.compile("<circle class=\"pt\"").matcher(chart).results().count())
        .isEqualTo(fleet.sleeperRecent.size());
    assertThat(Pattern.compile("<rect class=\"gap\"").matcher(chart).results().count())
        .isEqualTo(1);
    assertThat(Pattern.compile("<line class=\"cell-change\"").matcher(chart).results().count())
        .isEqualTo(2);
    assertThat(dom).containsPattern("<tr class=\"trouble\"><td>[^<]+</td><td>CONFIG_UPDATE");
  }

  @Test
  void theDevicePageShowsTheSiteHistoryAndTheRssiBandsOfBothWindows() throws Exception {
    String dom = signedInDom(SUPPORT_TOKEN, "/devices/" + SLEEPER);
    String sites = dom.substring(dom.indexOf("<table id=\"site-history\""));
    sites = sites.substring(0, sites.indexOf("</table>"));
    assertThat(sites)
        .containsPattern("<tr class=\"current\"><td>Amsterdam-Zuid</td><td>since ")
        .containsPattern("<tr><td>Amsterdam</td><td>listed ");
    // The sleeper's RSSI is -93 to -83 dBm: good from -85 up, fair below.
    long good48 = fleet.sleeperRecent.stream().filter(t -> SmallFleet.rssi(-88, t) >= -85).count();
    long fair48 = fleet.sleeperRecent.size() - good48;
    long good14 = fleet.sleeperAll.stream().filter(t -> SmallFleet.rssi(-88, t) >= -85).count();
    long fair14 = fleet.sleeperAll.size() - good14;
    assertThat(dom)
        .containsPattern("data-window=\"48h\" data-band=\"good\">" + good48 + " \\(")
        .containsPattern("data-window=\"48h\" data-band=\"fair\">" + fair48 + " \\(")
        .containsPattern("data-window=\"14d\" data-band=\"good\">" + good14 + " \\(")
        .containsPattern("data-window=\"14d\" data-band=\"fair\">" + fair14 + " \\(")
        .contains("data-window=\"48h\" data-band=\"excellent\">0 (0 %)<")
        .contains("data-window=\"14d\" data-band=\"bad\">0 (0 %)<");
  }

  @Test
  void signingOutWithTheButtonEndsTheSession() throws Exception {
    try (BrowserSession browser = BrowserSession.open()) {
      browser.signIn(web.url(""), ACME_TOKEN, "/devices/" + SLEEPER);
      assertThat(browser.dom()).contains("id=\"sign-out\"");
      browser.click("#sign-out");
      assertThat(browser.currentUrl()).endsWith("/login");
      browser.go(web.url("/devices/" + SLEEPER));
      assertThat(browser.dom()).contains("Sign in with your access token").doesNotContain("ASLEEP");
    }
  }

  @Test
  void aClientOfOneTenantGetsNothingOfAnother() throws Exception {
    String fleetDom = signedInDom(ACME_TOKEN, "/?window=week");
    assertThat(fleetDom).contains(SLEEPER).contains(LATE);
    assertThat(fleetDom)
        .doesNotContain("globex")
        .doesNotContain(DEAD)
        .doesNotContain(GLOBEX_SLEEPER);

    String edited = signedInDom(ACME_TOKEN, "/devices/" + DEAD);
    assertThat(edited)
        .contains("Unknown device")
        .doesNotContain("Rotterdam")
        .doesNotContain("SILENT");
  }

  @Test
  void badInputShowsAClearMessageInTheBrowser() throws Exception {
    String dom =
        signedInDom(
            SUPPORT_TOKEN, "/?device=" + URLEncoder.encode("' OR 1=1 --", StandardCharsets.UTF_8));
    assertThat(dom).contains("Not a device id").contains("cannot be (part of) a device id");
  }

  @Test
  void aScreenshotOfEachPageIsKept() throws Exception {
    signedInScreenshot(SUPPORT_TOKEN, "/?window=week", SCREENSHOTS.resolve("fleet.png"));
    signedInScreenshot(
        SUPPORT_TOKEN, "/devices/" + SLEEPER, SCREENSHOTS.resolve("device-asleep.png"));
    signedInScreenshot(
        SUPPORT_TOKEN, "/devices/" + LATE, SCREENSHOTS.resolve("device-overdue.png"));
    signedInScreenshot(
        ACME_TOKEN, "/devices/" + DEAD, SCREENSHOTS.resolve("device-other-tenant.png"));
    for (String name :
        new String[] {
          "fleet.png", "device-asleep.png", "device-overdue.png", "device-other-tenant.png"
        }) {
      byte[] png = Files.readAllBytes(SCREENSHOTS.resolve(name));
      assertThat(png).as(name).startsWith(0x89, 'P', 'N', 'G');
      assertThat(png.length).as(name).isGreaterThan(10_000);
    }
  }
}
