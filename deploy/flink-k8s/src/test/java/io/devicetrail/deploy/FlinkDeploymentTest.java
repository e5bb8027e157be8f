package io.devicetrail.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The FlinkDeployment the operator runs: Flink version, configuration keys, state, upgrades,
 * metrics.
 */
class FlinkDeploymentTest {

  /**
   * Keys Flink's own option classes do not define, each resolved by someone else: the operator's
   * settings, the Prometheus reporter plugin's, and the S3 filesystem plugin's (it forwards s3.* to
   * Hadoop's fs.s3a.*). Every other key must be one Flink knows.
   */
  private static final List<String> KEYS_OF_OTHERS =
      List.of("kubernetes.operator.", "metrics.reporter.prom.", "s3.");

  static List<String> overlays() {
    return Locations.overlays();
  }

  static Map<String, String> configuration(String overlay) {
    Map<String, String> configuration = new LinkedHashMap<>();
    Kustomize.overlay(overlay)
        .flinkDeployment()
        .path("spec")
        .path("flinkConfiguration")
        .fields()
        .forEachRemaining(e -> configuration.put(e.getKey(), e.getValue().asText()));
    return configuration;
  }

  @ParameterizedTest
  @MethodSource("overlays")
  void everyConfigurationKeyIsOneFlinkDefinesUnderItsCurrentName(String overlay) {
    List<String> problems = new ArrayList<>();
    for (String key : configuration(overlay).keySet()) {
      if (KEYS_OF_OTHERS.stream().anyMatch(key::startsWith)) {
        continue;
      }
      Optional<FlinkOptionKeys.Known> known = FlinkOptionKeys.lookUp(key);
      if (known.isEmpty()) {
        problems.add(key + " is not a Flink " + Locations.flinkVersion() + " configuration key");
      } else if (known.get().currentKey().isPresent()) {
        problems.add(key + " is deprecated: use " + known.get().currentKey().get());
      }
    }
    assertThat(problems).as("flinkConfiguration of %s", overlay).isEmpty();
  }

  @Test
  void theCheckerKnowsFlinksKeysAndCatchesAMisspeltOne() {
    assertThat(FlinkOptionKeys.lookUp("execution.checkpointing.dir")).isPresent();
    assertThat(FlinkOptionKeys.lookUp("state.backend.rocksdb.thread.num")).isPresent();
    assertThat(FlinkOptionKeys.lookUp("execution.checkpointing.incremental.enabled")).isEmpty();
  }

  @ParameterizedTest
  @MethodSource("overlays")
  void theFlinkVersionIsTheOneTheBuildUses(String overlay) {
    String[] version = Locations.flinkVersion().split("\\.");

    assertThat(
            Kustomize.overlay(overlay).flinkDeployment().path("spec").path("flinkVersion").asText())
        .isEqualTo("v" + version[0] + "_" + version[1]);
  }

  @ParameterizedTest
  @MethodSource("overlays")
  void stateIsInRocksDbWithIncrementalCheckpointsAndEverythingDurableIsOnS3(String overlay) {
    Map<String, String> configuration = configuration(overlay);

    assertThat(configuration)
        .containsEntry("state.backend.type", "rocksdb")
        .containsEntry("execution.checkpointing.incremental", "true")
        .containsEntry("high-availability.type", "kubernetes");
    for (String directory :
        List.of(
            "execution.checkpointing.dir",
            "execution.checkpointing.savepoint-dir",
            "high-availability.storageDir")) {
      assertThat(configuration.get(directory)).as(directory).startsWith("s3://");
    }
    assertThat(configuration).containsKey("restart-strategy.type");
  }

  @ParameterizedTest
  @MethodSource("overlays")
  void upgradesGoThroughASavepoint(String overlay) {
    JsonNode spec = Kustomize.overlay(overlay).flinkDeployment().path("spec");

    assertThat(spec.path("mode").asText()).isEqualTo("native");
    assertThat(spec.path("job").path("upgradeMode").asText()).isEqualTo("savepoint");
    assertThat(spec.path("job").path("state").asText()).isEqualTo("running");
    assertThat(spec.path("job").path("parallelism").asInt(0)).isPositive();
  }

  @ParameterizedTest
  @MethodSource("overlays")
  void thePrometheusReporterListensOnThePortThePodsDeclareForScraping(String overlay) {
    Workload job = Workload.of(Kustomize.overlay(overlay).flinkDeployment()).orElseThrow();
    Map<String, String> configuration = configuration(overlay);
    String port = configuration.get("metrics.reporter.prom.port");

    assertThat(configuration)
        .containsEntry(
            "metrics.reporter.prom.factory.class",
            "org.apache.flink.metrics.prometheus.PrometheusReporterFactory");
    assertThat(job.mainContainer().path("ports").toString())
        .contains("\"name\":\"metrics\"", "\"containerPort\":" + port);
    assertThat(
            job.podTemplate()
                .path("metadata")
                .path("annotations")
                .path("prometheus.io/port")
                .asText())
        .isEqualTo(port);
  }

  @ParameterizedTest
  @MethodSource("overlays")
  void flinksScratchDirectoriesAreWritableVolumes(String overlay) {
    JsonNode deployment = Kustomize.overlay(overlay).flinkDeployment();
    Workload job = Workload.of(deployment).orElseThrow();
    List<String> writable = new ArrayList<>();
    for (JsonNode mount : job.mainContainer().path("volumeMounts")) {
      boolean emptyDir =
          job.volume(mount.path("name").asText()).map(v -> v.has("emptyDir")).orElse(false);
      if (emptyDir && !mount.path("readOnly").asBoolean(false)) {
        writable.add(mount.path("mountPath").asText());
      }
    }

    for (String dir : configuration(overlay).getOrDefault("io.tmp.dirs", "/tmp").split("[,:]")) {
      assertThat(writable).as("io.tmp.dirs %s is on an emptyDir", dir).contains(dir);
    }
    assertThat(writable).as("Flink's log directory").contains("/opt/flink/log");
  }
}
