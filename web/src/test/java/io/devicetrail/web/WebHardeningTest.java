package io.devicetrail.web;

import static io.devicetrail.web.ApiFleet.SLEEPER;
import static io.devicetrail.web.ApiFleet.T0;
import static io.devicetrail.web.WebFixture.ACME_TOKEN;
import static io.devicetrail.web.WebFixture.SUPPORT_TOKEN;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The findings of the web tier's security review, each shown not to happen: the open redirect after
 * sign-in, login CSRF, tokens in URLs, sessions that never end, missing headers on some answers,
 * unbounded requests, slow clients holding connections, and no rate limit.
 */
class WebHardeningTest {

  @TempDir static Path dataDir;
  static WebFixture web;
  private static final HttpClient http = HttpClient.newHttpClient();

  @BeforeAll
  static void start() throws Exception {
    web =
        WebFixture.start(
            dataDir, WebConfig.defaults().withPort(0).withClock(Clock.fixed(T0, ZoneOffset.UTC)));
    try (Connection c = web.admin()) {
      new ApiFleet().insert(c);
    }
  }

  @AfterAll
  static void stop() {
    if (web != null) {
      web.close();
    }
  }

  private static String f(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  @Test
  void afterSignInOnlyAPathOnThisSiteIsFollowed() throws Exception {
    for (String next :
        List.of(
            "/\t/evil.example",
            "//evil.example",
            "/\\evil.example",
            "https://evil.example/",
            "\n//evil.example",
            "/\r\n/evil.example",
            "javascript:alert(1)")) {
      WebFixture.LoginForm form = web.loginForm();
      HttpResponse<String> r =
          web.post(
              "/login",
              "token=" + ACME_TOKEN + "&next=" + f(next) + "&csrf=" + form.csrf(),
              "Cookie",
              form.cookie());
      assertThat(r.statusCode()).as(next).isEqualTo(303);
      assertThat(r.headers().firstValue("Location")).as(next).contains("/");
    }
    // The finding as reported: /%09/evil.example in the address of the sign-in page.
    HttpResponse<String> page = web.get("/login?next=/%09/evil.example", null);
    assertThat(page.body()).doesNotContain("value=\"/\t/evil.example\"");
    WebFixture.LoginForm form = web.loginForm();
    HttpResponse<String> kept =
        web.post(
            "/login",
            "token="
                + ACME_TOKEN
                + "&next="
                + f("/devices/acme-a1?window=14d")
                + "&csrf="
                + form.csrf(),
            "Cookie",
            form.cookie());
    assertThat(kept.headers().firstValue("Location")).contains("/devices/acme-a1?window=14d");
  }

  @Test
  void aSignInPostedFromAnotherSiteOrWithoutTheFormsTokenIsRefused() throws Exception {
    // No form token at all: what a cross-site form (which cannot read our page) would send.
    HttpResponse<String> bare = web.post("/login", "token=" + ACME_TOKEN + "&next=%2F");
    assertThat(bare.statusCode()).isEqualTo(403);
    assertThat(bare.headers().allValues("Set-Cookie"))
        .noneMatch(c -> c.startsWith("devicetrail_session="));
    // The attacker's own form token, without the cookie that goes with it.
    WebFixture.LoginForm theirs = web.loginForm();
    assertThat(web.post("/login", "token=" + ACME_TOKEN + "&csrf=" + theirs.csrf()).statusCode())
        .isEqualTo(403);
    // A browser says where the form came from.
    WebFixture.LoginForm form = web.loginForm();
    String body = "token=" + ACME_TOKEN + "&csrf=" + form.csrf();
    assertThat(
            web.post("/login", body, "Cookie", form.cookie(), "Origin", "http://evil.example")
                .statusCode())
        .isEqualTo(403);
    assertThat(
            web.post("/login", body, "Cookie", form.cookie(), "Sec-Fetch-Site", "cross-site")
                .statusCode())
        .isEqualTo(403);
    assertThat(
            web.post(
                    "/login",
                    body,
                    "Cookie",
                    form.cookie(),
                    "Origin",
                    web.url(""),
                    "Sec-Fetch-Site",
                    "same-origin")
                .statusCode())
        .isEqualTo(303);
  }

  @Test
  void aTokenInAnAddressIsNeverAcceptedAndSignInIsPostOnly() throws Exception {
    HttpResponse<String> r = web.get("/login?token=" + ACME_TOKEN + "&next=/", null);
    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(r.headers().allValues("Set-Cookie")).noneMatch(c -> c.contains("session"));
    assertThat(r.body()).doesNotContain(ACME_TOKEN);
    assertThat(web.get("/devices/" + SLEEPER + "?token=" + ACME_TOKEN, null).statusCode())
        .isEqualTo(401);
    assertThat(web.get("/logout", null).statusCode()).isEqualTo(405);
  }

  @Test
  void signingOutIsAPostWithThePagesFormTokenAndEndsTheSession() throws Exception {
    String cookie = web.signIn(SUPPORT_TOKEN);
    String page = web.get("/devices/" + SLEEPER, null, "Cookie", cookie).body();
    java.util.regex.Matcher m =
        java.util.regex.Pattern.compile(
                "action=\"/logout\"><input type=\"hidden\" name=\"csrf\" value=\"([^\"]+)\"")
            .matcher(page);
    assertThat(m.find()).isTrue();
    // Another site's form cannot know the value: refused, still signed in.
    assertThat(web.post("/logout", "csrf=guess", "Cookie", cookie).statusCode()).isEqualTo(403);
    assertThat(web.get("/devices/" + SLEEPER, null, "Cookie", cookie).statusCode()).isEqualTo(200);
    HttpResponse<String> out = web.post("/logout", "csrf=" + m.group(1), "Cookie", cookie);
    assertThat(out.statusCode()).isEqualTo(303);
    assertThat(out.headers().firstValue("Location")).contains("/login");
    assertThat(web.get("/devices/" + SLEEPER, null, "Cookie", cookie).statusCode()).isEqualTo(401);
  }

  @Test
  void aSessionEndsAfterItsTimeToLive() throws Exception {
    MutableClock clock = new MutableClock(T0);
    WebServer server = web.serve(WebConfig.defaults().withPort(0).withClock(clock));
    String base = "http://127.0.0.1:" + server.port();
    HttpResponse<String> form = send(HttpRequest.newBuilder(URI.create(base + "/login")).GET());
    String loginCookie = form.headers().firstValue("Set-Cookie").orElseThrow().split(";")[0];
    String csrf = form.body().replaceAll("(?s).*name=\"csrf\" value=\"([^\"]+)\".*", "$1");
    HttpResponse<String> in =
        send(
            HttpRequest.newBuilder(URI.create(base + "/login"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Cookie", loginCookie)
                .POST(
                    HttpRequest.BodyPublishers.ofString("token=" + ACME_TOKEN + "&csrf=" + csrf)));
    String session =
        in.headers().allValues("Set-Cookie").stream()
            .filter(c -> c.startsWith("devicetrail_session="))
            .findFirst()
            .orElseThrow()
            .split(";")[0];
    assertThat(
            send(HttpRequest.newBuilder(URI.create(base + "/devices/" + SLEEPER))
                    .header("Cookie", session)
                    .GET())
                .statusCode())
        .isEqualTo(200);
    clock.advance(Duration.ofHours(8).minusSeconds(1));
    assertThat(
            send(HttpRequest.newBuilder(URI.create(base + "/devices/" + SLEEPER))
                    .header("Cookie", session)
                    .GET())
                .statusCode())
        .isEqualTo(200);
    clock.advance(Duration.ofSeconds(1));
    assertThat(
            send(HttpRequest.newBuilder(URI.create(base + "/devices/" + SLEEPER))
                    .header("Cookie", session)
                    .GET())
                .statusCode())
        .isEqualTo(401);
  }

  @Test
  void behindATlsProxyTheSessionCookieIsSecureWithTheHostPrefix() throws Exception {
    WebServer server =
        web.serve(
            WebConfig.defaults()
                .withPort(0)
                .withClock(Clock.fixed(T0, ZoneOffset.UTC))
                .withSecureCookies(true, true));
    String base = "http://127.0.0.1:" + server.port();
    HttpResponse<String> form =
        send(
            HttpRequest.newBuilder(URI.create(base + "/login"))
                .header("X-Forwarded-Proto", "https")
                .GET());
    String loginCookie = form.headers().firstValue("Set-Cookie").orElseThrow();
    assertThat(loginCookie)
        .startsWith("__Host-devicetrail_login=")
        .contains("Secure")
        .contains("Path=/");
    String csrf = form.body().replaceAll("(?s).*name=\"csrf\" value=\"([^\"]+)\".*", "$1");
    HttpResponse<String> in =
        send(
            HttpRequest.newBuilder(URI.create(base + "/login"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("X-Forwarded-Proto", "https")
                .header("Cookie", loginCookie.split(";")[0])
                .POST(
                    HttpRequest.BodyPublishers.ofString("token=" + ACME_TOKEN + "&csrf=" + csrf)));
    assertThat(in.statusCode()).isEqualTo(303);
    assertThat(in.headers().allValues("Set-Cookie"))
        .anySatisfy(
            c ->
                assertThat(c)
                    .startsWith("__Host-devicetrail_session=")
                    .contains("Secure")
                    .contains("HttpOnly")
                    .contains("SameSite=Strict")
                    .contains("Path=/")
                    .doesNotContain("Domain"));
  }

  @Test
  void everyAnswerCarriesTheSecurityHeadersRedirectsAndErrorsIncluded() throws Exception {
    WebFixture.LoginForm form = web.loginForm();
    HttpResponse<String> redirect =
        web.post("/login", "token=" + ACME_TOKEN + "&csrf=" + form.csrf(), "Cookie", form.cookie());
    HttpResponse<String> headerTooLarge = web.get("/", null, "X-Big", "x".repeat(20_000));
    List<HttpResponse<String>> answers =
        List.of(
            web.get("/login", null),
            redirect,
            web.get("/", null),
            web.get("/devices/" + SLEEPER, SUPPORT_TOKEN),
            web.get("/nothing", SUPPORT_TOKEN),
            web.get("/api/v1/devices", null),
            web.get("/api/v1/devices/" + SLEEPER, SUPPORT_TOKEN),
            web.get("/healthz", null),
            web.get("/devices/%2e%2e/%2e%2e/etc/passwd", SUPPORT_TOKEN),
            headerTooLarge);
    assertThat(redirect.statusCode()).isEqualTo(303);
    assertThat(headerTooLarge.statusCode()).isEqualTo(431);
    for (HttpResponse<String> r : answers) {
      String what = r.request().uri() + " " + r.statusCode();
      assertThat(r.headers().firstValue("Content-Security-Policy"))
          .as(what)
          .hasValueSatisfying(
              csp ->
                  assertThat(csp)
                      .contains("frame-ancestors 'none'")
                      .contains("base-uri 'none'")
                      .contains("default-src 'none'"));
      assertThat(r.headers().firstValue("Referrer-Policy")).as(what).contains("same-origin");
      assertThat(r.headers().firstValue("X-Content-Type-Options")).as(what).contains("nosniff");
      assertThat(r.headers().firstValue("Server")).as(what).isEmpty();
      assertThat(r.body())
          .as(what)
          .doesNotContain("at org.eclipse")
          .doesNotContain("at io.devicetrail");
    }
  }

  @Test
  void aRequestBodyOverTheLimitIsRefused() throws Exception {
    HttpResponse<String> r;
    try {
      r = web.post("/login", "token=" + "x".repeat(64 * 1024));
    } catch (java.io.IOException closedBeforeTheAnswer) {
      // The server answers 413 on the declared length and closes without reading the body; a
      // close with unread data is a TCP reset, which may reach the client before the 413 does.
      // Either way the body was refused, never read.
      assertThat(closedBeforeTheAnswer).hasMessageContaining("no bytes");
      return;
    }
    assertThat(r.statusCode()).isEqualTo(413);
  }

  @Test
  void aClientSendingOneHeaderByteASecondIsDropped() throws Exception {
    WebServer server =
        web.serve(
            WebConfig.defaults()
                .withPort(0)
                .withClock(Clock.fixed(T0, ZoneOffset.UTC))
                .withTimeouts(Duration.ofSeconds(30), Duration.ofSeconds(2)));
    byte[] request =
        ("GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nUser-Agent: slowloris\r\nAccept: */*\r\n\r\n")
            .getBytes(StandardCharsets.US_ASCII);
    try (Socket socket = new Socket("127.0.0.1", server.port())) {
      InputStream in = socket.getInputStream();
      OutputStream out = socket.getOutputStream();
      CompletableFuture<Integer> closed =
          CompletableFuture.supplyAsync(
              () -> {
                try {
                  return in.read();
                } catch (java.io.IOException e) {
                  return -1; // reset: dropped as well
                }
              });
      int sent = 0;
      while (sent < request.length && !closed.isDone()) {
        try {
          out.write(request[sent]);
          out.flush();
        } catch (java.io.IOException e) {
          break; // the server closed its end
        }
        sent++;
        Thread.sleep(1_000);
      }
      assertThat(closed.get(10, TimeUnit.SECONDS))
          .as("nothing answered, connection closed")
          .isEqualTo(-1);
      assertThat(sent)
          .as("bytes sent before the server dropped the connection")
          .isBetween(2, 12)
          .isLessThan(request.length);
    }
    // A client that sends its request at once is served by the same server.
    HttpResponse<String> ok =
        send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/healthz"))
                .GET());
    assertThat(ok.statusCode()).isEqualTo(200);
  }

  @Test
  void tooManyRequestsOfATokenOrAnAddressAreA429WithRetryAfter() throws Exception {
    WebServer perToken =
        web.serve(
            WebConfig.defaults()
                .withPort(0)
                .withClock(Clock.fixed(T0, ZoneOffset.UTC))
                .withRateLimits(3, 100, 2));
    String base = "http://127.0.0.1:" + perToken.port();
    for (int i = 0; i < 3; i++) {
      assertThat(apiGet(base, ACME_TOKEN).statusCode()).isEqualTo(200);
    }
    HttpResponse<String> limited = apiGet(base, ACME_TOKEN);
    assertThat(limited.statusCode()).isEqualTo(429);
    assertThat(limited.headers().firstValue("Content-Type")).contains("application/problem+json");
    assertThat(Long.parseLong(limited.headers().firstValue("Retry-After").orElseThrow()))
        .isBetween(1L, 60L);
    // Another token still has its budget.
    assertThat(apiGet(base, SUPPORT_TOKEN).statusCode()).isEqualTo(200);
    // Sign-in attempts per address: guessing tokens is slow.
    for (int i = 0; i < 2; i++) {
      assertThat(
              send(HttpRequest.newBuilder(URI.create(base + "/login"))
                      .header("Content-Type", "application/x-www-form-urlencoded")
                      .POST(HttpRequest.BodyPublishers.ofString("token=guess")))
                  .statusCode())
          .isEqualTo(403);
    }
    HttpResponse<String> guessing =
        send(
            HttpRequest.newBuilder(URI.create(base + "/login"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("token=guess")));
    assertThat(guessing.statusCode()).isEqualTo(429);
    assertThat(guessing.headers().firstValue("Retry-After")).isPresent();

    WebServer perAddress =
        web.serve(
            WebConfig.defaults()
                .withPort(0)
                .withClock(Clock.fixed(T0, ZoneOffset.UTC))
                .withRateLimits(100, 4, 20));
    String other = "http://127.0.0.1:" + perAddress.port();
    assertThat(apiGet(other, ACME_TOKEN).statusCode()).isEqualTo(200);
    assertThat(apiGet(other, SUPPORT_TOKEN).statusCode()).isEqualTo(200);
    assertThat(send(HttpRequest.newBuilder(URI.create(other + "/")).GET()).statusCode())
        .isEqualTo(401);
    assertThat(apiGet(other, WebFixture.GLOBEX_TOKEN).statusCode()).isEqualTo(200);
    HttpResponse<String> page = send(HttpRequest.newBuilder(URI.create(other + "/")).GET());
    assertThat(page.statusCode()).isEqualTo(429);
    assertThat(page.headers().firstValue("Retry-After")).isPresent();
    assertThat(page.headers().firstValue("Content-Type"))
        .hasValueSatisfying(t -> assertThat(t).startsWith("text/html"));
  }

  private static HttpResponse<String> apiGet(String base, String token) throws Exception {
    return send(
        HttpRequest.newBuilder(URI.create(base + "/api/v1/devices"))
            .header("Authorization", "Bearer " + token)
            .GET());
  }

  private static HttpResponse<String> send(HttpRequest.Builder b) throws Exception {
    return http.send(
        b.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
  }
}
