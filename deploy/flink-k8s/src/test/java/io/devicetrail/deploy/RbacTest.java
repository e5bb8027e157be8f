package io.devicetrail.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The Flink pods' Role grants no more than the job role the Flink Kubernetes Operator documents
 * (its Helm chart's {@code jobRbacRules}): named verbs on pods and ConfigMaps, and on the
 * JobManager's Deployment; no wildcard anywhere, no ClusterRole.
 */
class RbacTest {

  /** apiGroup/resource to the verbs the operator's documented job role gives it. */
  private static final Set<String> VERBS =
      Set.of("get", "list", "watch", "create", "update", "patch", "delete");

  private static final Map<String, Set<String>> DOCUMENTED =
      Map.of(
          "/pods", VERBS,
          "/configmaps", VERBS,
          "apps/deployments", VERBS,
          "apps/deployments/finalizers", VERBS);

  static List<String> overlays() {
    return Locations.overlays();
  }

  @ParameterizedTest
  @MethodSource("overlays")
  void theFlinkRoleGrantsOnlyTheVerbsTheOperatorDocuments(String overlay) {
    Manifests built = Kustomize.overlay(overlay);
    assertThat(built.ofKind("ClusterRole")).isEmpty();
    assertThat(built.ofKind("ClusterRoleBinding")).isEmpty();
    List<String> problems = new ArrayList<>();
    for (JsonNode role : built.ofKind("Role")) {
      for (JsonNode rule : role.path("rules")) {
        for (JsonNode group : rule.path("apiGroups")) {
          for (JsonNode resource : rule.path("resources")) {
            String key = group.asText() + "/" + resource.asText();
            Set<String> allowed = DOCUMENTED.get(key);
            for (JsonNode verb : rule.path("verbs")) {
              if (allowed == null || !allowed.contains(verb.asText())) {
                problems.add(Manifests.describe(role) + ": " + verb.asText() + " on " + key);
              }
            }
          }
        }
        if (rule.has("nonResourceURLs")) {
          problems.add(Manifests.describe(role) + ": nonResourceURLs");
        }
      }
    }
    assertThat(problems).as("grants beyond the operator's documented job role").isEmpty();
    JsonNode flink = built.get("Role", "devicetrail-flink");
    assertThat(flink.path("rules").toString()).doesNotContain("\"*\"");
  }
}
