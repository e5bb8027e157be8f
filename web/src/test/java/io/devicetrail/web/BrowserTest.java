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
    web = WebFixture.start(dataDir);
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

  /** The login URL that signs in with {@code token} and then opens {@code path}. */
  private static String signedIn(String token, String path) {
    return web.url(
        "/login?token=" + token + "&next=" + URLEncoder.encode(path, StandardCharsets.UTF_8));
  }

  @Test
  void theDevicePageShowsTheStatusAndAChartPointPerReading() throws Exception {
    String dom = Chromium.dumpDom(signedIn(SUPPORT_TOKEN, "/devices/" + SLEEPER));
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
  void aClientOfOneTenantGetsNothingOfAnother() throws Exception {
    String fleetDom = Chromium.dumpDom(signedIn(ACME_TOKEN, "/?window=week"));
    assertThat(fleetDom).contains(SLEEPER).contains(LATE);
    assertThat(fleetDom)
        .doesNotContain("globex")
        .doesNotContain(DEAD)
        .doesNotContain(GLOBEX_SLEEPER);

    String edited = Chromium.dumpDom(signedIn(ACME_TOKEN, "/devices/" + DEAD));
    assertThat(edited)
        .contains("Unknown device")
        .doesNotContain("Rotterdam")
        .doesNotContain("SILENT");
  }

  @Test
  void badInputShowsAClearMessageInTheBrowser() throws Exception {
    String dom =
        Chromium.dumpDom(
            signedIn(
                SUPPORT_TOKEN,
                "/?device=" + URLEncoder.encode("' OR 1=1 --", StandardCharsets.UTF_8)));
    assertThat(dom).contains("Not a device id").contains("cannot be (part of) a device id");
  }

  @Test
  void aScreenshotOfEachPageIsKept() throws Exception {
    Chromium.screenshot(signedIn(SUPPORT_TOKEN, "/?window=week"), SCREENSHOTS.resolve("fleet.png"));
    Chromium.screenshot(
        signedIn(SUPPORT_TOKEN, "/devices/" + SLEEPER), SCREENSHOTS.resolve("device-asleep.png"));
    Chromium.screenshot(
        signedIn(SUPPORT_TOKEN, "/devices/" + LATE), SCREENSHOTS.resolve("device-overdue.png"));
    Chromium.screenshot(
        signedIn(ACME_TOKEN, "/devices/" + DEAD), SCREENSHOTS.resolve("device-other-tenant.png"));
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
