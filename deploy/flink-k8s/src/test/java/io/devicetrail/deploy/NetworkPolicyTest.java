package io.devicetrail.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Traffic is denied by default and every workload has its own allow-list. */
class NetworkPolicyTest {

  static List<String> overlays() {
    return Locations.overlays();
  }

  static boolean selects(JsonNode policy, Map<String, String> podLabels) {
    JsonNode selector = policy.path("spec").path("podSelector");
    if (selector.has("matchExpressions")) {
      throw new AssertionError(
          "matchExpressions are not understood by this test: " + Manifests.describe(policy));
    }
    boolean[] all = {true};
    selector
        .path("matchLabels")
        .fields()
        .forEachRemaining(e -> all[0] &= e.getValue().asText().equals(podLabels.get(e.getKey())));
    return all[0];
  }

  @ParameterizedTest
  @MethodSource("overlays")
  void everythingIsDeniedUnlessAllowed(String overlay) {
    assertThat(Kustomize.overlay(overlay).ofKind("NetworkPolicy"))
        .anySatisfy(
            policy -> {
              JsonNode spec = policy.path("spec");
              assertThat(spec.path("podSelector").isEmpty()).isTrue();
              assertThat(spec.path("policyTypes").toString()).contains("Ingress", "Egress");
              assertThat(spec.has("ingress") || spec.has("egress")).isFalse();
            });
  }

  @ParameterizedTest
  @MethodSource("overlays")
  void everyWorkloadHasAPolicyOfItsOwn(String overlay) {
    Manifests manifests = Kustomize.overlay(overlay);
    List<String> unselected = new ArrayList<>();
    for (Workload workload : manifests.workloads()) {
      boolean own =
          manifests.ofKind("NetworkPolicy").stream()
              .filter(p -> !p.path("spec").path("podSelector").isEmpty())
              .anyMatch(p -> selects(p, workload.podLabels()));
      if (!own) {
        unselected.add(workload + " (pod labels " + workload.podLabels() + ")");
      }
    }
    assertThat(unselected).isEmpty();
  }

  @ParameterizedTest
  @MethodSource("overlays")
  void everyPolicyAppliesToPodsTheOverlayRuns(String overlay) {
    Manifests manifests = Kustomize.overlay(overlay);
    for (JsonNode policy : manifests.ofKind("NetworkPolicy")) {
      assertThat(manifests.workloads())
          .as("%s selects pods of %s", Manifests.describe(policy), overlay)
          .anyMatch(w -> selects(policy, w.podLabels()));
    }
  }
}
