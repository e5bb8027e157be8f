package io.devicetrail.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A resource that runs pods, seen through its pod template: Deployment, StatefulSet, DaemonSet,
 * Job, CronJob, or the FlinkDeployment (whose pod template the operator merges into the JobManager
 * and TaskManager pods).
 */
record Workload(JsonNode resource, JsonNode podTemplate) {

  static Optional<Workload> of(JsonNode resource) {
    JsonNode spec = resource.path("spec");
    JsonNode template =
        switch (resource.path("kind").asText()) {
          case "Deployment", "StatefulSet", "DaemonSet", "ReplicaSet", "Job" ->
              spec.path("template");
          case "CronJob" -> spec.path("jobTemplate").path("spec").path("template");
          case "FlinkDeployment" -> spec.path("podTemplate");
          default -> null;
        };
    return template == null ? Optional.empty() : Optional.of(new Workload(resource, template));
  }

  String kind() {
    return resource.path("kind").asText();
  }

  String name() {
    return Manifests.nameOf(resource);
  }

  boolean isFlink() {
    return kind().equals("FlinkDeployment");
  }

  JsonNode podSpec() {
    return podTemplate.path("spec");
  }

  /**
   * The labels its pods carry; Flink adds {@code app: <name>} to the JobManager and TaskManagers.
   */
  Map<String, String> podLabels() {
    Map<String, String> labels = new LinkedHashMap<>();
    podTemplate
        .path("metadata")
        .path("labels")
        .fields()
        .forEachRemaining(e -> labels.put(e.getKey(), e.getValue().asText()));
    if (isFlink()) {
      labels.put("app", name());
    }
    return labels;
  }

  List<JsonNode> containers() {
    List<JsonNode> containers = new ArrayList<>();
    podSpec().path("initContainers").forEach(containers::add);
    podSpec().path("containers").forEach(containers::add);
    return containers;
  }

  /** The container that runs the deployable: the only one, or Flink's main container. */
  JsonNode mainContainer() {
    List<JsonNode> main = new ArrayList<>();
    podSpec().path("containers").forEach(main::add);
    if (isFlink()) {
      return main.stream()
          .filter(c -> c.path("name").asText().equals("flink-main-container"))
          .findFirst()
          .orElseThrow(
              () -> new AssertionError(this + " has no flink-main-container in its podTemplate"));
    }
    if (main.size() != 1) {
      throw new AssertionError(this + " must run exactly one container, not " + main.size());
    }
    return main.get(0);
  }

  /** The image its main container runs (the FlinkDeployment names it once for all its pods). */
  String image() {
    return isFlink()
        ? resource.path("spec").path("image").asText()
        : mainContainer().path("image").asText();
  }

  /** The pod volume of that name (not a volume claim template). */
  Optional<JsonNode> volume(String volumeName) {
    for (JsonNode volume : podSpec().path("volumes")) {
      if (volume.path("name").asText().equals(volumeName)) {
        return Optional.of(volume);
      }
    }
    return Optional.empty();
  }

  boolean hasVolumeClaimTemplate(String volumeName) {
    for (JsonNode claim : resource.path("spec").path("volumeClaimTemplates")) {
      if (claim.path("metadata").path("name").asText().equals(volumeName)) {
        return true;
      }
    }
    return false;
  }

  @Override
  public String toString() {
    return kind() + " " + name();
  }
}
