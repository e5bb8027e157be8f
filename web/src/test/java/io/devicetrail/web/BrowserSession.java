package io.devicetrail.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.Comparator;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Debian's headless Chromium driven through chromedriver's W3C WebDriver protocol (JSON over HTTP
 * on loopback, no Selenium needed): open a page, type into a field, click, read the DOM the browser
 * built, take a screenshot. One browser profile per session, so sessions never share cookies; the
 * driver and the browser are killed on close.
 */
final class BrowserSession implements AutoCloseable {

  static final Path DRIVER = Path.of("/usr/bin/chromedriver");
  private static final String ELEMENT = "element-6066-11e4-a52e-4f735466cecf";
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Process driver;
  private final Path profile;
  private final String base;
  private final String session;
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  private BrowserSession(Process driver, Path profile, String base, String session) {
    this.driver = driver;
    this.profile = profile;
    this.base = base;
    this.session = session;
  }

  static BrowserSession open() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    Path profile = Files.createTempDirectory("devicetrail-chromium-");
    Process driver =
        new ProcessBuilder(DRIVER.toString(), "--port=" + port, "--allowed-ips=127.0.0.1")
            .redirectErrorStream(true)
            .redirectOutput(profile.resolveSibling(profile.getFileName() + ".driver.log").toFile())
            .start();
    String base = "http://127.0.0.1:" + port;
    HttpClient client = HttpClient.newHttpClient();
    for (int i = 0; ; i++) {
      try {
        client.send(
            HttpRequest.newBuilder(URI.create(base + "/status")).build(),
            HttpResponse.BodyHandlers.ofString());
        break;
      } catch (IOException notYet) {
        if (i > 100) {
          driver.destroyForcibly();
          throw new IllegalStateException("chromedriver did not start");
        }
        Thread.sleep(100);
      }
    }
    ObjectNode caps = JSON.createObjectNode();
    ObjectNode always = caps.putObject("capabilities").putObject("alwaysMatch");
    always.put("browserName", "chrome");
    ObjectNode options = always.putObject("goog:chromeOptions");
    options.put("binary", Chromium.BINARY.toString());
    options
        .putArray("args")
        .add("--headless")
        .add("--no-sandbox")
        .add("--disable-gpu")
        .add("--disable-dev-shm-usage")
        .add("--disable-quic")
        .add("--no-first-run")
        .add("--disable-background-networking")
        .add("--disable-component-update")
        .add("--disable-sync")
        .add("--hide-scrollbars")
        .add("--window-size=1280,1800")
        .add("--user-data-dir=" + profile);
    JsonNode created = call(client, "POST", base + "/session", caps);
    String session = created.at("/value/sessionId").asText();
    if (session.isEmpty()) {
      driver.destroyForcibly();
      throw new IllegalStateException("no WebDriver session: " + created);
    }
    return new BrowserSession(driver, profile, base, session);
  }

  void go(String url) throws Exception {
    ObjectNode body = JSON.createObjectNode().put("url", url);
    call("POST", "/url", body);
  }

  void type(String css, String text) throws Exception {
    ObjectNode body = JSON.createObjectNode().put("text", text);
    call("POST", "/element/" + find(css) + "/value", body);
  }

  void click(String css) throws Exception {
    call("POST", "/element/" + find(css) + "/click", JSON.createObjectNode());
  }

  /** The DOM as the browser built it. */
  String dom() throws Exception {
    return call("GET", "/source", null).get("value").asText();
  }

  String currentUrl() throws Exception {
    return call("GET", "/url", null).get("value").asText();
  }

  void screenshot(Path png) throws Exception {
    Files.createDirectories(png.getParent());
    byte[] bytes =
        Base64.getDecoder().decode(call("GET", "/screenshot", null).get("value").asText());
    Files.write(png, bytes);
  }

  /** Signs in through the sign-in page as a person would, then opens {@code path}. */
  void signIn(String siteBase, String token, String path) throws Exception {
    go(siteBase + "/login");
    type("input[name=token]", token);
    click("button[type=submit]");
    // The click returns once the form is submitted, not once the next page is there.
    String after = dom();
    for (int i = 0; i < 100 && after.contains("name=\"token\""); i++) {
      Thread.sleep(100);
      after = dom();
    }
    if (after.contains("name=\"token\"") || !after.contains("sign-out")) {
      int at = after.indexOf("<main>");
      throw new IllegalStateException(
          "signing in failed at " + currentUrl() + ": " + after.substring(Math.max(0, at)));
    }
    go(siteBase + path);
  }

  private String find(String css) throws Exception {
    ObjectNode body = JSON.createObjectNode().put("using", "css selector").put("value", css);
    JsonNode found = call("POST", "/element", body);
    String id = found.at("/value/" + ELEMENT).asText();
    if (id.isEmpty()) {
      throw new IllegalStateException("no element " + css + ": " + found);
    }
    return id;
  }

  private JsonNode call(String method, String path, JsonNode body) throws Exception {
    return call(http, method, base + "/session/" + session + path, body);
  }

  private static JsonNode call(HttpClient client, String method, String url, JsonNode body)
      throws Exception {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create(url))
            .timeout(Duration.ofSeconds(60))
            .header("Content-Type", "application/json");
    b.method(
        method,
        body == null
            ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofString(body.toString()));
    HttpResponse<String> r = client.send(b.build(), HttpResponse.BodyHandlers.ofString());
    JsonNode json = JSON.readTree(r.body());
    if (r.statusCode() != 200) {
      throw new IllegalStateException(
          method + " " + url + " answered " + r.statusCode() + ": " + json);
    }
    return json;
  }

  @Override
  public void close() throws Exception {
    try {
      call(http, "DELETE", base + "/session/" + session, null);
    } catch (Exception e) {
      // the driver's kill below ends the browser anyway
    } finally {
      driver.descendants().forEach(ProcessHandle::destroyForcibly);
      driver.destroyForcibly();
      driver.waitFor(10, TimeUnit.SECONDS);
      try (Stream<Path> paths = Files.walk(profile)) {
        paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
      Files.deleteIfExists(profile.resolveSibling(profile.getFileName() + ".driver.log"));
    }
  }
}
