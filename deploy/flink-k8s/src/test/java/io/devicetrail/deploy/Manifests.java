package io.devicetrail.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/** The resources one kustomization builds to, with the look-ups the tests need. */
record Manifests(Path source, List<JsonNode> resources) {

  List<JsonNode> ofKind(String kind) {
    return resources.stream().filter(r -> kind.equals(r.path("kind").asText())).toList();
  }

  Optional<JsonNode> find(String kind, String name) {
    return ofKind(kind).stream().filter(r -> name.equals(nameOf(r))).findFirst();
  }

  JsonNode get(String kind, String name) {
    return find(kind, name)
        .orElseThrow(() -> new AssertionError(source + " builds no " + kind + " named " + name));
  }

  /** Every resource that runs pods, with the pod template it runs. */
  List<Workload> workloads() {
    return resources.stream().flatMap(r -> Workload.of(r).stream()).toList();
  }

  Workload workload(String kind, String name) {
    return Workload.of(get(kind, name))
        .orElseThrow(() -> new AssertionError(kind + " " + name + " runs no pods"));
  }

  /** The only FlinkDeployment: the DeviceTrail job. */
  JsonNode flinkDeployment() {
    List<JsonNode> deployments = ofKind("FlinkDeployment");
    if (deployments.size() != 1) {
      throw new AssertionError(
          source + " must build exactly one FlinkDeployment, not " + deployments.size());
    }
    return deployments.get(0);
  }

  static String nameOf(JsonNode resource) {
    return resource.path("metadata").path("name").asText();
  }

  static String describe(JsonNode resource) {
    return resource.path("kind").asText() + " " + nameOf(resource);
  }
}
