package io.devicetrail.web;

import static io.devicetrail.web.WebFixture.SUPPORT_TOKEN;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The pages at fleet scale: 10,000 devices of 20 tenants with a day of 30-minute readings each
 * (about 450,000 rows in signal_recent) and 50,000 activity events. Every page answers and counts
 * the whole fleet. Page times are recorded in target/page-times.txt for the README; they are
 * information, never a pass/fail gate (timing depends on the machine, see bench/).
 */
class FleetScaleTest {

  static final int DEVICES = 10_000;
  static final int TENANTS = 20;

  @TempDir static Path dataDir;
  static WebFixture web;
  static final Map<String, Long> p95s = new LinkedHashMap<>();

  @BeforeAll
  static void fill() throws Exception {
    web = WebFixture.start(dataDir);
    try (Connection c = web.admin()) {
      TenThousandDevices.fill(c, DEVICES, TENANTS);
    }
  }

  @AfterAll
  static void stop() throws Exception {
    if (web != null) {
      web.close();
    }
    StringBuilder report = new StringBuilder();
    report.append("p95 page times on ").append(DEVICES).append(" devices (ms):\n");
    p95s.forEach(
        (page, ms) -> report.append("  ").append(page).append(": ").append(ms).append('\n'));
    Path out =
        Path.of(System.getProperty("devicetrail.build.directory", "target"), "page-times.txt");
    Files.createDirectories(out.getParent());
    Files.writeString(out, report);
    System.out.print(report);
  }

  private static long p95(String name, List<String> paths, String token) throws Exception {
    for (int i = 0; i < 3; i++) {
      web.get(paths.get(i % paths.size()), token); // warm the pool, plans and caches
    }
    List<Long> ms = new ArrayList<>();
    for (String path : paths) {
      long start = System.nanoTime();
      HttpResponse<String> r = web.get(path, token);
      ms.add((System.nanoTime() - start) / 1_000_000);
      assertThat(r.statusCode()).as(path).isEqualTo(200);
    }
    Collections.sort(ms);
    long p95 = ms.get((int) Math.ceil(0.95 * ms.size()) - 1);
    p95s.put(name + " (n=" + ms.size() + ", median " + ms.get(ms.size() / 2) + ")", p95);
    return p95;
  }

  private static List<String> devicePages(int n) {
    Random random = new Random(7);
    List<String> paths = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      paths.add(String.format("/devices/dev-%05d", 1 + random.nextInt(DEVICES)));
    }
    return paths;
  }

  @Test
  void theFleetPageServesTenThousandDevices() throws Exception {
    String body = web.get("/", SUPPORT_TOKEN).body();
    assertThat(body).contains("Next page");
    long counted = 0;
    for (String status : new String[] {"awake", "asleep", "overdue", "silent"}) {
      java.util.regex.Matcher m =
          java.util.regex.Pattern.compile("id=\"count-" + status + "\"><span class=\"n\">(\\d+)")
              .matcher(body);
      assertThat(m.find()).isTrue();
      counted += Long.parseLong(m.group(1));
    }
    assertThat(counted).isEqualTo(DEVICES);

    p95("fleet, support, hour window", Collections.nCopies(40, "/"), SUPPORT_TOKEN);
    assertThat(
        p95(
            "fleet, client of one tenant, hour window",
            Collections.nCopies(40, "/"),
            WebFixture.ACME_TOKEN));
    assertThat(
        p95(
            "fleet search page 2 (site + keyset)",
            Collections.nCopies(40, "/?site=site-42&after=dev-00042"),
            SUPPORT_TOKEN));
    p95("fleet, support, day window", Collections.nCopies(10, "/?window=day"), SUPPORT_TOKEN);
    p95("fleet, support, week window", Collections.nCopies(10, "/?window=week"), SUPPORT_TOKEN);
  }

  @Test
  void everyDevicePageAnswersOnTenThousandDevices() throws Exception {
    p95("device page, support", devicePages(60), SUPPORT_TOKEN);
  }
}
