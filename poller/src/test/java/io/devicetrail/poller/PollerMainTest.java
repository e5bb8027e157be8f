package io.devicetrail.poller;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class PollerMainTest {
  @TempDir Path dir;

  private static PollerMain parse(Map<String, String> env, Properties file, String... args) {
    CommandLine cmd = PollerMain.commandLine(env, file);
    cmd.parseArgs(args);
    return cmd.getCommand();
  }

  @Test
  void helpListsEveryOptionWithItsDefault() {
    StringWriter out = new StringWriter();
    CommandLine cmd = PollerMain.commandLine(Map.of(), new Properties());
    cmd.setOut(new PrintWriter(out));

    int exit = cmd.execute("--help");

    assertThat(exit).isZero();
    assertThat(out.toString())
        .contains(
            "--api-url=URL",
            "Default: http://127.0.0.1:8080",
            "--api-token-file=FILE",
            "DEVICETRAIL_API_TOKEN",
            "--kafka-bootstrap",
            "Default: 127.0.0.1:9092",
            "--kafka-config=FILE",
            "--state-dir=DIR",
            "Default: poller-state",
            "--round-interval=DURATION",
            "Default: 30s",
            "--concurrency=N",
            "Default: 16",
            "--device-list-interval=DURATION",
            "Default: 1h",
            "--page-size=N",
            "--request-timeout=DURATION",
            "--max-attempts=N",
            "--progress-interval=DURATION",
            "--once",
            "--config=FILE",
            "DEVICETRAIL_POLLER_ROUND_INTERVAL");
    for (CommandLine.Model.OptionSpec option : cmd.getCommandSpec().options()) {
      assertThat(out.toString()).contains(option.longestName());
    }
  }

  @Test
  void usesTheBuiltInDefaultsWhenNothingIsSet() {
    PollerMain main = parse(Map.of(), new Properties());

    assertThat(main.roundInterval).isEqualTo(Duration.ofSeconds(30));
    assertThat(main.concurrency).isEqualTo(16);
    assertThat(main.deviceListInterval).isEqualTo(Duration.ofHours(1));
    assertThat(main.once).isFalse();
  }

  @Test
  void takesOptionsFromTheEnvironmentAndTheCommandLineWins() {
    Map<String, String> env =
        Map.of(
            "DEVICETRAIL_POLLER_ROUND_INTERVAL", "5s",
            "DEVICETRAIL_POLLER_CONCURRENCY", "4",
            "DEVICETRAIL_POLLER_ONCE", "true");

    PollerMain fromEnv = parse(env, new Properties());
    PollerMain overridden = parse(env, new Properties(), "--concurrency", "8");

    assertThat(fromEnv.roundInterval).isEqualTo(Duration.ofSeconds(5));
    assertThat(fromEnv.concurrency).isEqualTo(4);
    assertThat(fromEnv.once).isTrue();
    assertThat(overridden.concurrency).isEqualTo(8);
  }

  @Test
  void takesOptionsFromTheConfigFileBelowTheEnvironment() throws Exception {
    Path file = dir.resolve("poller.properties");
    Files.writeString(file, "round-interval=2m\nkafka-bootstrap=broker:9093\nconcurrency=2\n");
    Properties props = ConfigDefaults.load(file);

    PollerMain main = parse(Map.of("DEVICETRAIL_POLLER_CONCURRENCY", "3"), props);

    assertThat(main.roundInterval).isEqualTo(Duration.ofMinutes(2));
    assertThat(main.kafkaBootstrap).isEqualTo("broker:9093");
    assertThat(main.concurrency).isEqualTo(3);
  }

  @Test
  void findsTheConfigFileOnTheCommandLineOrInTheEnvironment() {
    assertThat(ConfigDefaults.configFile(new String[] {"--config", "a.properties"}, Map.of()))
        .isEqualTo(Path.of("a.properties"));
    assertThat(ConfigDefaults.configFile(new String[] {"--config=b.properties"}, Map.of()))
        .isEqualTo(Path.of("b.properties"));
    assertThat(
            ConfigDefaults.configFile(
                new String[0], Map.of("DEVICETRAIL_POLLER_CONFIG", "c.properties")))
        .isEqualTo(Path.of("c.properties"));
    assertThat(ConfigDefaults.configFile(new String[0], Map.of())).isNull();
  }

  @Test
  void rejectsAnUnknownKeyInTheConfigFile() throws Exception {
    Path file = dir.resolve("poller.properties");
    Files.writeString(file, "round-intervall=2m\n");
    StringWriter err = new StringWriter();
    CommandLine cmd = PollerMain.commandLine(Map.of(), ConfigDefaults.load(file));
    cmd.setErr(new PrintWriter(err));

    int exit = cmd.execute("--config", file.toString(), "--once");

    assertThat(exit).isEqualTo(2);
    assertThat(err.toString()).contains("unknown option 'round-intervall'");
  }

  @Test
  void failsWithAMessageWhenThereIsNoApiToken() {
    StringWriter err = new StringWriter();
    CommandLine cmd = PollerMain.commandLine(Map.of(), new Properties());
    cmd.setErr(new PrintWriter(err));

    int exit = cmd.execute("--once", "--state-dir", dir.toString());

    assertThat(exit).isEqualTo(1);
    assertThat(err.toString()).contains("no API token").doesNotContain("Exception");
  }

  @Test
  void readsDurationsAsOperatorsWriteThem() {
    DurationConverter converter = new DurationConverter();
    assertThat(converter.convert("500ms")).isEqualTo(Duration.ofMillis(500));
    assertThat(converter.convert("30s")).isEqualTo(Duration.ofSeconds(30));
    assertThat(converter.convert("10m")).isEqualTo(Duration.ofMinutes(10));
    assertThat(converter.convert("2h")).isEqualTo(Duration.ofHours(2));
    assertThat(converter.convert("1d")).isEqualTo(Duration.ofDays(1));
    assertThat(converter.convert("PT45S")).isEqualTo(Duration.ofSeconds(45));
  }
}
