package io.devicetrail.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The poller runs sharded, one shard per StatefulSet replica, with its cursors on its own volume.
 */
class PollerTest {

  static List<String> overlays() {
    return Locations.overlays();
  }

  static Optional<String> environment(Manifests manifests, Workload poller, String name) {
    return ContainerEnvironment.of(poller.mainContainer(), manifests, SecretsExample.read())
        .stream()
        .filter(v -> v.name().equals(name))
        .findFirst()
        .flatMap(ContainerEnvironment.Variable::value);
  }

  @ParameterizedTest
  @MethodSource("overlays")
  void eachReplicaPollsTheShardOfItsOrdinal(String overlay) {
    Workload poller = Kustomize.overlay(overlay).workload("StatefulSet", "devicetrail-poller");
    JsonNode shardIndex = null;
    for (JsonNode env : poller.mainContainer().path("env")) {
      if (env.path("name").asText().equals("DEVICETRAIL_POLLER_SHARD_INDEX")) {
        shardIndex = env;
      }
    }

    assertThat(shardIndex).as("DEVICETRAIL_POLLER_SHARD_INDEX").isNotNull();
    assertThat(shardIndex.path("valueFrom").path("fieldRef").path("fieldPath").asText())
        .isEqualTo("metadata.labels['apps.kubernetes.io/pod-index']");
  }

  @ParameterizedTest
  @MethodSource("overlays")
  void theShardCountEqualsTheNumberOfReplicas(String overlay) {
    Manifests manifests = Kustomize.overlay(overlay);
    Workload poller = manifests.workload("StatefulSet", "devicetrail-poller");
    int replicas = poller.resource().path("spec").path("replicas").asInt(1);

    assertThat(environment(manifests, poller, "DEVICETRAIL_POLLER_SHARD_COUNT"))
        .as("DEVICETRAIL_POLLER_SHARD_COUNT in %s", overlay)
        .contains(String.valueOf(replicas));
  }

  @Test
  void productionRunsSeveralShardsAndStagingOne() {
    assertThat(
            Kustomize.overlay("prod")
                .get("StatefulSet", "devicetrail-poller")
                .path("spec")
                .path("replicas")
                .asInt())
        .isGreaterThan(1);
    assertThat(
            Kustomize.overlay("dev")
                .get("StatefulSet", "devicetrail-poller")
                .path("spec")
                .path("replicas")
                .asInt())
        .isEqualTo(1);
  }

  @ParameterizedTest
  @MethodSource("overlays")
  void theCursorsAreOnTheReplicasOwnPersistentVolume(String overlay) {
    Workload poller = Kustomize.overlay(overlay).workload("StatefulSet", "devicetrail-poller");
    String stateDir = option(poller, "--state-dir");

    JsonNode mount = null;
    for (JsonNode m : poller.mainContainer().path("volumeMounts")) {
      if (stateDir.equals(m.path("mountPath").asText())
          || stateDir.startsWith(m.path("mountPath").asText() + "/")) {
        mount = m;
      }
    }
    assertThat(mount).as("a volume mounted at --state-dir %s", stateDir).isNotNull();
    assertThat(poller.hasVolumeClaimTemplate(mount.path("name").asText()))
        .as("%s is a volumeClaimTemplate", mount.path("name").asText())
        .isTrue();
  }

  @ParameterizedTest
  @MethodSource("overlays")
  void thePrometheusEndpointListensOnThePortThePodsDeclareForScraping(String overlay) {
    Manifests manifests = Kustomize.overlay(overlay);
    Workload poller = manifests.workload("StatefulSet", "devicetrail-poller");
    String port = environment(manifests, poller, "DEVICETRAIL_POLLER_METRICS_PORT").orElseThrow();

    assertThat(poller.mainContainer().path("ports").toString())
        .contains("\"name\":\"metrics\"", "\"containerPort\":" + port);
    assertThat(
            poller
                .podTemplate()
                .path("metadata")
                .path("annotations")
                .path("prometheus.io/port")
                .asText())
        .isEqualTo(port);
  }

  @Test
  void stagingPollsTheSimulatorAndProductionHasNone() {
    Manifests dev = Kustomize.overlay("dev");
    Workload poller = dev.workload("StatefulSet", "devicetrail-poller");
    JsonNode service = dev.get("Service", "devicetrail-simulator");
    String port = service.path("spec").path("ports").get(0).path("port").asText();
    String apiUrl =
        dev.ofKind("ConfigMap").stream()
            .filter(cm -> Manifests.nameOf(cm).startsWith("devicetrail-endpoints"))
            .findFirst()
            .orElseThrow()
            .path("data")
            .path("vendor-api-url")
            .asText();

    assertThat(dev.workloads()).anyMatch(w -> w.name().equals("devicetrail-simulator"));
    assertThat(apiUrl).isEqualTo("http://devicetrail-simulator:" + port);
    assertThat(poller.mainContainer().path("env").toString()).contains("vendor-api-url");
    assertThat(Kustomize.overlay("prod").resources())
        .noneMatch(r -> Manifests.nameOf(r).contains("simulator"));
  }

  private static String option(Workload workload, String name) {
    for (JsonNode arg : workload.mainContainer().path("args")) {
      if (arg.asText().startsWith(name + "=")) {
        return arg.asText().substring(name.length() + 1);
      }
    }
    throw new AssertionError(workload + " passes no " + name + "=<value>");
  }
}
