package io.devicetrail.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class SimulatorMainTest {

  static final List<String> OPTIONS =
      List.of(
          "--port",
          "--bind",
          "--devices",
          "--seed",
          "--tenants",
          "--token-file",
          "--start",
          "--start-ago",
          "--speed",
          "--history",
          "--bad-reading-rate",
          "--error-rate",
          "--throttle-rate",
          "--retry-after",
          "--latency",
          "--truncate-rate",
          "--threads",
          "--duration");

  @Test
  void helpListsEveryOptionWithItsDefaultAndEnvironmentVariable() {
    StringWriter out = new StringWriter();
    CommandLine cli = new CommandLine(new SimulatorMain());
    cli.setOut(new PrintWriter(out));
    assertThat(cli.execute("--help")).isZero();
    String help = out.toString();
    for (String option : OPTIONS) {
      String description = descriptionOf(help, option);
      assertThat(description).as(option).containsPattern("Default: [^.]+\\.");
      String env = "DEVICETRAIL_SIM_" + option.substring(2).replace('-', '_').toUpperCase();
      assertThat(description.replace(" ", "")).as(option).contains("(env" + env + ")");
    }
    assertThat(descriptionOf(help, "--port")).contains("Default: 8089.");
    assertThat(descriptionOf(help, "--devices")).contains("Default: 1000.");
    assertThat(descriptionOf(help, "--speed")).contains("Default: 60.");
    assertThat(help).contains("DEVICETRAIL_SIM_TOKEN");
  }

  @Test
  void runsForTheGivenDurationServingWithTheTokenFromItsFile(@TempDir Path dir) throws Exception {
    Path tokenFile = dir.resolve("token");
    Files.writeString(tokenFile, "s3cret-from-file\n");
    StringWriter out = new StringWriter();
    CommandLine cli = new CommandLine(new SimulatorMain());
    cli.setOut(new PrintWriter(out, true));
    CompletableFuture<Integer> run =
        CompletableFuture.supplyAsync(
            () ->
                cli.execute(
                    "--port", "0",
                    "--devices", "25",
                    "--token-file", tokenFile.toString(),
                    "--start-ago", "1h",
                    "--duration", "3s"));

    URI baseUrl = awaitBaseUrl(out);
    assertThat(out.toString()).contains("25 devices").doesNotContain("s3cret-from-file");
    ApiClient api = ApiClient.withToken(baseUrl, "s3cret-from-file");
    assertThat(api.getOk("/v1/devices?limit=1000").get("devices").size()).isEqualTo(25);
    assertThat(
            ApiClient.withToken(baseUrl, SimulatorConfig.LOCAL_DEV_TOKEN)
                .get("/v1/devices")
                .status())
        .isEqualTo(401);

    assertThat(run.get(20, TimeUnit.SECONDS)).isZero();
    assertThat(ApiClient.withToken(baseUrl, "s3cret-from-file").canConnect("/v1/devices"))
        .isFalse();
  }

  @Test
  void invalidOptionsAreReportedWithoutStarting() {
    StringWriter err = new StringWriter();
    CommandLine cli = new CommandLine(new SimulatorMain());
    cli.setErr(new PrintWriter(err));
    assertThat(cli.execute("--devices", "0", "--port", "0", "--duration", "1s")).isEqualTo(2);
    assertThat(err.toString()).contains("deviceCount must be within");
    assertThat(cli.execute("--history", "yesterday")).isEqualTo(2);
    assertThat(err.toString()).contains("is not a duration");
  }

  /** The text of one option's entry in the option list, on one line. */
  private static String descriptionOf(String help, String option) {
    Matcher entry =
        Pattern.compile(
                "(?ms)^ {2,8}" + Pattern.quote(option) + "=<\\w+>(.*?)(?=^ {2,8}(-\\w, )?--|^$)")
            .matcher(help);
    assertThat(entry.find()).as("%s in %s", option, help).isTrue();
    return entry.group(1).replaceAll("\\s+", " ");
  }

  @Test
  void aTakenPortIsReportedInOneLine() throws Exception {
    try (java.net.ServerSocket taken =
        new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      StringWriter err = new StringWriter();
      CommandLine cli = new CommandLine(new SimulatorMain());
      cli.setErr(new PrintWriter(err, true));
      assertThat(cli.execute("--port", Integer.toString(taken.getLocalPort()), "--duration", "1s"))
          .isEqualTo(1);
      assertThat(err.toString().strip())
          .startsWith("cannot listen on 127.0.0.1:" + taken.getLocalPort())
          .doesNotContain("\n", "Exception");
    }
  }

  private static URI awaitBaseUrl(StringWriter out) throws InterruptedException {
    Pattern url = Pattern.compile("at (http://\\S+) ");
    long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
    while (System.nanoTime() < deadline) {
      Matcher m = url.matcher(out.toString());
      if (m.find()) return URI.create(m.group(1));
      Thread.sleep(20);
    }
    throw new AssertionError("the simulator did not say where it serves: " + out);
  }
}
