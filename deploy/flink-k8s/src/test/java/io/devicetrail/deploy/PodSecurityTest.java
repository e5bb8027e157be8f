package io.devicetrail.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every pod runs as a non-root user with a read-only root filesystem, no privilege escalation, no
 * capabilities and bounded resources; what must be writable is an emptyDir or a volume.
 */
class PodSecurityTest {

  static List<String> overlays() {
    return Locations.overlays();
  }

  @ParameterizedTest
  @MethodSource("overlays")
  void everyPodRunsAsNonRootWithARestrictedSecurityContext(String overlay) {
    List<String> problems = new ArrayList<>();
    for (Workload workload : Kustomize.overlay(overlay).workloads()) {
      JsonNode pod = workload.podSpec().path("securityContext");
      if (!pod.path("runAsNonRoot").asBoolean(false)) {
        problems.add(workload + ": securityContext.runAsNonRoot must be true");
      }
      if (pod.path("runAsUser").asLong(0) <= 0) {
        problems.add(workload + ": securityContext.runAsUser must name a non-root user id");
      }
      if (!pod.path("seccompProfile").path("type").asText().equals("RuntimeDefault")) {
        problems.add(workload + ": securityContext.seccompProfile.type must be RuntimeDefault");
      }
      for (JsonNode container : workload.containers()) {
        String name = workload + " container " + container.path("name").asText();
        JsonNode security = container.path("securityContext");
        if (!security.path("readOnlyRootFilesystem").asBoolean(false)) {
          problems.add(name + ": readOnlyRootFilesystem must be true");
        }
        if (!security.has("allowPrivilegeEscalation")
            || security.path("allowPrivilegeEscalation").asBoolean(true)) {
          problems.add(name + ": allowPrivilegeEscalation must be false");
        }
        if (!security.path("capabilities").path("drop").toString().contains("\"ALL\"")) {
          problems.add(name + ": capabilities must drop ALL");
        }
      }
    }
    assertThat(problems).as("pod security in %s", overlay).isEmpty();
  }

  @ParameterizedTest
  @MethodSource("overlays")
  void everyContainerHasResourceRequestsAndLimits(String overlay) {
    List<String> problems = new ArrayList<>();
    for (Workload workload : Kustomize.overlay(overlay).workloads()) {
      if (workload.isFlink()) {
        // The operator makes requests and limits of these (limit factor 1 by default).
        for (String role : List.of("jobManager", "taskManager")) {
          JsonNode resource = workload.resource().path("spec").path(role).path("resource");
          if (resource.path("cpu").asDouble(0) <= 0 || resource.path("memory").asText().isBlank()) {
            problems.add(workload + ": spec." + role + ".resource needs cpu and memory");
          }
        }
        continue;
      }
      for (JsonNode container : workload.containers()) {
        JsonNode resources = container.path("resources");
        for (String bound : List.of("requests", "limits")) {
          for (String resource : List.of("cpu", "memory")) {
            if (resources.path(bound).path(resource).asText().isBlank()) {
              problems.add(
                  workload
                      + " container "
                      + container.path("name").asText()
                      + ": resources."
                      + bound
                      + "."
                      + resource
                      + " is missing");
            }
          }
        }
      }
    }
    assertThat(problems).as("resources in %s", overlay).isEmpty();
  }

  @ParameterizedTest
  @MethodSource("overlays")
  void everyContainerHasAWritableTmpBecauseItsRootFilesystemIsReadOnly(String overlay) {
    List<String> problems = new ArrayList<>();
    for (Workload workload : Kustomize.overlay(overlay).workloads()) {
      for (JsonNode container : workload.containers()) {
        boolean writableTmp = false;
        for (JsonNode mount : container.path("volumeMounts")) {
          if (mount.path("mountPath").asText().equals("/tmp")
              && !mount.path("readOnly").asBoolean(false)) {
            writableTmp =
                workload
                    .volume(mount.path("name").asText())
                    .map(v -> v.has("emptyDir"))
                    .orElse(false);
          }
        }
        if (!writableTmp) {
          problems.add(
              workload
                  + " container "
                  + container.path("name").asText()
                  + " needs an emptyDir at /tmp");
        }
      }
    }
    assertThat(problems).as("writable /tmp in %s", overlay).isEmpty();
  }

  @ParameterizedTest
  @MethodSource("overlays")
  void onlyTheFlinkPodsGetAKubernetesApiToken(String overlay) {
    for (Workload workload : Kustomize.overlay(overlay).workloads()) {
      if (!workload.isFlink()) {
        assertThat(workload.podSpec().path("automountServiceAccountToken").asBoolean(true))
            .as("%s mounts no service account token: it never calls the Kubernetes API", workload)
            .isFalse();
      }
    }
  }
}
