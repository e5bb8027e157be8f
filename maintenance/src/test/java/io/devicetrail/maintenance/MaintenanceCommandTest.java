package io.devicetrail.maintenance;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/** The command line: help, defaults, environment variables, argument files, exit codes. */
class MaintenanceCommandTest {

  @TempDir Path work;

  @Test
  void theHelpOfEverySubcommandListsEachOptionWithItsDefault() {
    CommandLine cli = MaintenanceCommand.commandLine();
    assertThat(cli.getSubcommands()).containsKeys("retention", "reconcile", "s3-lifecycle");
    for (String name : List.of("retention", "reconcile", "s3-lifecycle")) {
      CommandLine sub = cli.getSubcommands().get(name);
      String help = Cli.run(name, "--help").output();
      CommandSpec spec = sub.getCommandSpec();
      for (OptionSpec option : spec.options()) {
        assertThat(help).as(name).contains(option.longestName());
        if (option.usageHelp() || option.versionHelp()) {
          continue;
        }
        String description = String.join(" ", option.description());
        assertThat(description)
            .as(name + " " + option.longestName())
            .containsAnyOf("Default:", "Required");
      }
    }
  }

  @Test
  void withoutASubcommandItPrintsTheUsageAndExitsWithTwo() {
    Cli.Run run = Cli.run();

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.output()).contains("retention", "reconcile", "s3-lifecycle");
  }

  @Test
  void theDefaultLifecyclePolicyIsTheShippedPolicyFileAndTheAwsCommandAppliesIt() throws Exception {
    Cli.Run run = Cli.run("s3-lifecycle", "--archive-path", "s3://devicetrail/archive");

    assertThat(run.exitCode()).isZero();
    String json = run.output().substring(0, run.output().indexOf("\n#"));
    ObjectMapper mapper = new ObjectMapper();
    try (InputStream shipped = getClass().getResourceAsStream("/s3-lifecycle.json")) {
      assertThat(mapper.readTree(json)).isEqualTo(mapper.readTree(shipped));
    }
    JsonNode rule = mapper.readTree(json).get("Rules").get(0);
    assertThat(rule.get("Expiration").get("Days").asInt()).isEqualTo(400);
    assertThat(rule.get("Transitions").get(0).get("Days").asInt()).isEqualTo(90);
    assertThat(run.output())
        .contains(
            "aws s3api put-bucket-lifecycle-configuration --bucket devicetrail"
                + " --lifecycle-configuration file://s3-lifecycle.json");
  }

  @Test
  void theLifecyclePolicyFollowsTheArchivePathAndItsOptionsAndCanBeWrittenToAFile()
      throws Exception {
    Path file = work.resolve("policy.json");

    Cli.Run run =
        Cli.run(
            "s3-lifecycle",
            "--archive-path=s3://fleet-lake/raw/devicetrail",
            "--transition-days=60",
            "--storage-class=GLACIER_IR",
            "--expire-days=730",
            "--output=" + file);

    assertThat(run.exitCode()).isZero();
    JsonNode rule = new ObjectMapper().readTree(file.toFile()).get("Rules").get(0);
    assertThat(rule.get("Filter").get("Prefix").asText()).isEqualTo("raw/devicetrail/");
    assertThat(rule.get("Transitions").get(0).get("StorageClass").asText()).isEqualTo("GLACIER_IR");
    assertThat(rule.get("Expiration").get("Days").asInt()).isEqualTo(730);
    assertThat(run.output())
        .contains("--bucket fleet-lake --lifecycle-configuration file://" + file);
  }

  @Test
  void badOptionsExitWithTwo() {
    assertThat(Cli.run("reconcile", "--from=2026-11-20T06:30:00Z", "--to=2026-11-21").exitCode())
        .as("not on the hour")
        .isEqualTo(2);
    assertThat(Cli.run("reconcile", "--from=2026-11-21", "--to=2026-11-20").exitCode())
        .as("an empty range")
        .isEqualTo(2);
    assertThat(Cli.run("reconcile", "--to=2026-11-21").exitCode()).as("no --from").isEqualTo(2);
    assertThat(Cli.run("retention", "--signal-raw=-P1D").exitCode()).isEqualTo(2);
    assertThat(Cli.run("s3-lifecycle", "--archive-path=/tmp/archive").exitCode()).isEqualTo(2);
    assertThat(Cli.run("s3-lifecycle", "--transition-days=500").exitCode())
        .as("a transition after the expiry")
        .isEqualTo(2);
  }

  /**
   * A child JVM, as a CronJob starts it: an option from the environment, another from an argument
   * file, the exit code from main.
   */
  @Test
  void optionsComeFromTheEnvironmentAndFromArgumentFiles() throws Exception {
    Path args = Files.writeString(work.resolve("lifecycle.args"), "--expire-days=500\n");
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(MaintenanceCommand.class.getName());
    command.add("s3-lifecycle");
    command.add("@" + args);
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    builder.environment().put("DEVICETRAIL_ARCHIVE_PATH", "s3://from-the-environment/archive");
    builder.environment().put("DEVICETRAIL_ARCHIVE_TRANSITION_DAYS", "45");
    Process process = builder.start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();

    assertThat(process.exitValue()).as(output).isZero();
    assertThat(output)
        .contains("\"Days\": 45")
        .contains("\"Days\": 500")
        .contains("--bucket from-the-environment");
  }
}
