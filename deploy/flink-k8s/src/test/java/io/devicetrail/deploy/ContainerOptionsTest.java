package io.devicetrail.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import picocli.CommandLine.Model.OptionSpec;

/**
 * Every option a manifest passes to a deployable, as an argument or as a DEVICETRAIL_* environment
 * variable, is one its command defines, with a value of the right type: renaming an option breaks
 * this test, not the deployment. The command is the one its image really runs (the built jar's
 * Main-Class, or the FlinkDeployment's entryClass).
 */
class ContainerOptionsTest {

  /**
   * Options the poller manifests already set but PollerMain does not define yet: sharding (the
   * StatefulSet ordinal as shard index, the shard count) and the Prometheus endpoint come with a
   * parallel issue. A listed option is checked like any other once PollerMain defines it; remove it
   * from here then. Any other unknown option fails.
   */
  static final Set<String> pendingPollerOptions =
      Set.of("--shard-index", "--shard-count", "--metrics-port");

  private static final String POLLER = "io.devicetrail.poller.PollerMain";

  static List<String> overlays() {
    return Locations.overlays();
  }

  @ParameterizedTest
  @MethodSource("overlays")
  void everyArgumentAndDeviceTrailVariableIsAnOptionOfTheCommandTheImageRuns(String overlay) {
    Manifests manifests = Kustomize.overlay(overlay);
    SecretsExample secrets = SecretsExample.read();
    List<String> problems = new ArrayList<>();
    for (Workload workload : manifests.workloads()) {
      problems.addAll(check(workload, manifests, secrets));
    }
    assertThat(problems).as("options in %s", overlay).isEmpty();
  }

  @Test
  void eachDeployableGetsItsOptionsChecked() {
    Manifests prod = Kustomize.overlay("prod");
    Manifests dev = Kustomize.overlay("dev");

    assertThat(commandClass(prod.workload("FlinkDeployment", "devicetrail-job")))
        .isEqualTo("io.devicetrail.jobs.JobMain");
    assertThat(commandClass(prod.workload("StatefulSet", "devicetrail-poller"))).isEqualTo(POLLER);
    assertThat(commandClass(prod.workload("Job", "devicetrail-migrate")))
        .isEqualTo("io.devicetrail.sql.MigrateCommand");
    assertThat(commandClass(dev.workload("Deployment", "devicetrail-simulator")))
        .isEqualTo("io.devicetrail.simulator.SimulatorMain");
  }

  @Test
  void aRenamedOrMistypedOptionIsCaught() {
    CommandOptions job = CommandOptions.of("io.devicetrail.jobs.JobMain");

    assertThat(job.parseError(List.of("--kafka-bootstrap-servers=kafka:9092"))).isPresent();
    assertThat(job.parseError(List.of("--checkpoint-interval=1 minute"))).isPresent();
    assertThat(job.optionReading("DEVICETRAIL_KAFKA_BOOTSTRAP_SERVERS")).isEmpty();
    assertThat(
            job.parseError(List.of("--kafka-bootstrap=kafka:9092", "--checkpoint-interval=PT1M")))
        .isEmpty();
  }

  static String commandClass(Workload workload) {
    if (workload.isFlink()) {
      return workload.resource().path("spec").path("job").path("entryClass").asText();
    }
    Dockerfile dockerfile = ImagesTest.dockerfileOf(workload.image());
    return BuiltJar.matching(dockerfile.builtJar().source()).mainClass();
  }

  /** {@code --no-migrate-support} for {@code --migrate-support} (picocli's negatable form). */
  private static String negated(String optionName) {
    return "--no-" + optionName.replaceFirst("^-+", "");
  }

  private static List<String> check(
      Workload workload, Manifests manifests, SecretsExample secrets) {
    List<String> problems = new ArrayList<>();
    JsonNode container = workload.mainContainer();
    String commandClass = commandClass(workload);
    CommandOptions options = CommandOptions.of(commandClass);

    List<String> args = new ArrayList<>();
    JsonNode argsNode =
        workload.isFlink()
            ? workload.resource().path("spec").path("job").path("args")
            : container.path("args");
    argsNode.forEach(a -> args.add(a.asText()));
    if (container.has("command")) {
      problems.add(
          workload + " overrides its image's entry point; pass arguments with `args` instead");
    }

    for (ContainerEnvironment.Variable variable :
        ContainerEnvironment.of(container, manifests, secrets)) {
      if (!variable.name().startsWith("DEVICETRAIL_")) {
        continue;
      }
      Optional<OptionSpec> option = options.optionReading(variable.name());
      if (option.isEmpty()) {
        boolean pending =
            commandClass.equals(POLLER)
                && options
                    .optionNameByRule(variable.name())
                    .filter(pendingPollerOptions::contains)
                    .isPresent();
        if (!pending) {
          problems.add(
              workload
                  + ": "
                  + variable.name()
                  + " ("
                  + variable.origin()
                  + ") is read by no option of "
                  + commandClass);
        }
        continue;
      }
      boolean alsoAnArgument =
          args.stream()
              .anyMatch(
                  a ->
                      Arrays.stream(option.get().names())
                          .anyMatch(
                              n -> a.equals(n) || a.startsWith(n + "=") || a.equals(negated(n))));
      variable
          .value()
          .filter(v -> !alsoAnArgument)
          .ifPresent(v -> args.add(CommandOptions.asArgument(option.get(), v)));
    }
    options
        .parseError(args)
        .ifPresent(
            error ->
                problems.add(workload + ": " + commandClass + " rejects " + args + ": " + error));
    return problems;
  }
}
