package io.devicetrail.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every ConfigMap, Secret, ServiceAccount and Role a manifest names exists: built by the overlay,
 * or listed in the README as provided by the platform team (with its shape in
 * secrets.example.yaml).
 */
class ReferencesTest {

  record Reference(String kind, String name, String from) {}

  static List<String> overlays() {
    return Locations.overlays();
  }

  @ParameterizedTest
  @MethodSource("overlays")
  void everyReferencedObjectIsBuiltOrProvidedByThePlatformTeam(String overlay) {
    Manifests manifests = Kustomize.overlay(overlay);
    PlatformProvided platform = PlatformProvided.fromReadme();
    List<String> missing = new ArrayList<>();
    for (JsonNode resource : manifests.resources()) {
      for (Reference ref : referencesIn(resource)) {
        if (manifests.find(ref.kind(), ref.name()).isEmpty()
            && !platform.provides(ref.kind(), ref.name())) {
          missing.add(ref.kind() + " " + ref.name() + " (named by " + ref.from() + ")");
        }
      }
    }
    assertThat(missing)
        .as(
            "referenced in %s but neither built nor in the README's \"%s\"",
            overlay, PlatformProvided.HEADING)
        .isEmpty();
  }

  @ParameterizedTest
  @MethodSource("overlays")
  void everyConfigMapKeyAContainerReadsExists(String overlay) {
    Manifests manifests = Kustomize.overlay(overlay);
    List<String> missing = new ArrayList<>();
    for (Workload workload : manifests.workloads()) {
      for (JsonNode container : workload.containers()) {
        for (JsonNode env : container.path("env")) {
          JsonNode ref = env.path("valueFrom").path("configMapKeyRef");
          if (ref.isMissingNode() || ref.path("optional").asBoolean(false)) {
            continue;
          }
          String configMap = ref.path("name").asText();
          String key = ref.path("key").asText();
          boolean present =
              manifests
                  .find("ConfigMap", configMap)
                  .map(cm -> cm.path("data").has(key))
                  .orElse(false);
          if (!present) {
            missing.add(
                workload + ": " + env.path("name").asText() + " reads " + configMap + "/" + key);
          }
        }
      }
    }
    assertThat(missing).isEmpty();
  }

  @ParameterizedTest
  @MethodSource("overlays")
  void everySecretKeyAContainerReadsIsInTheSecretsExample(String overlay) {
    SecretsExample secrets = SecretsExample.read();
    List<String> missing = new ArrayList<>();
    for (Workload workload : Kustomize.overlay(overlay).workloads()) {
      for (JsonNode container : workload.containers()) {
        for (JsonNode env : container.path("env")) {
          JsonNode ref = env.path("valueFrom").path("secretKeyRef");
          if (!ref.isMissingNode()) {
            requireKey(
                secrets,
                ref.path("name").asText(),
                ref.path("key").asText(),
                workload + " env " + env.path("name").asText(),
                missing);
          }
        }
        // A file a container is told to read (option or variable value) inside a mounted Secret is
        // one of its keys.
        List<String> values = new ArrayList<>();
        container.path("args").forEach(a -> values.add(a.asText().replaceFirst("^--[^=]+=", "")));
        container.path("env").forEach(e -> values.add(e.path("value").asText()));
        for (JsonNode mount : container.path("volumeMounts")) {
          Optional<JsonNode> secretVolume =
              workload
                  .volume(mount.path("name").asText())
                  .map(v -> v.path("secret"))
                  .filter(s -> !s.isMissingNode());
          if (secretVolume.isEmpty()) {
            continue;
          }
          String prefix = mount.path("mountPath").asText() + "/";
          for (String value : values) {
            if (value.startsWith(prefix)) {
              requireKey(
                  secrets,
                  secretVolume.get().path("secretName").asText(),
                  value.substring(prefix.length()),
                  workload + " reads " + value,
                  missing);
            }
          }
        }
      }
    }
    assertThat(missing).isEmpty();
  }

  @Test
  void everySecretThePlatformProvidesHasAnExampleAndEveryExampleIsListed() {
    Set<String> listed = PlatformProvided.fromReadme().names("Secret");

    assertThat(SecretsExample.read().secrets().keySet())
        .containsExactlyInAnyOrderElementsOf(listed);
  }

  @Test
  void theSecretsExampleHoldsPlaceholdersOnly() {
    for (Map.Entry<String, String> value : SecretsExample.read().values().entrySet()) {
      String text = value.getValue().strip();
      if (text.contains("\n") || text.contains("=")) {
        // A properties file: settings, but no credentials outside a comment.
        for (String line : text.split("\n")) {
          if (!line.strip().startsWith("#")) {
            assertThat(line.toLowerCase())
                .as(value.getKey())
                .doesNotContain("password", "secret", "jaas");
          }
        }
      } else {
        assertThat(text).as("%s must be a <placeholder>", value.getKey()).matches("<[a-z0-9-]+>");
      }
    }
  }

  private static void requireKey(
      SecretsExample secrets, String secret, String key, String user, List<String> missing) {
    Optional<Set<String>> keys = secrets.keys(secret);
    if (keys.isEmpty()) {
      missing.add(user + ": Secret " + secret + " is not in secrets.example.yaml");
    } else if (!keys.get().contains(key)) {
      missing.add(
          user
              + ": Secret "
              + secret
              + " has no key "
              + key
              + " in secrets.example.yaml (keys "
              + keys.get()
              + ")");
    }
  }

  /**
   * Every ConfigMap, Secret, ServiceAccount and Role the resource names, wherever it names them.
   */
  static Set<Reference> referencesIn(JsonNode resource) {
    Set<Reference> references = new LinkedHashSet<>();
    collect(resource, Manifests.describe(resource), references);
    if (resource.path("kind").asText().equals("FlinkDeployment")) {
      references.add(
          new Reference(
              "ServiceAccount",
              resource.path("spec").path("serviceAccount").asText(),
              Manifests.describe(resource)));
    }
    if (resource.path("kind").asText().equals("RoleBinding")) {
      JsonNode role = resource.path("roleRef");
      if (role.path("kind").asText().equals("Role")) {
        references.add(
            new Reference("Role", role.path("name").asText(), Manifests.describe(resource)));
      }
      for (JsonNode subject : resource.path("subjects")) {
        if (subject.path("kind").asText().equals("ServiceAccount")) {
          references.add(
              new Reference(
                  "ServiceAccount", subject.path("name").asText(), Manifests.describe(resource)));
        }
      }
    }
    return references;
  }

  private static void collect(JsonNode node, String from, Set<Reference> references) {
    if (node.isArray()) {
      node.forEach(child -> collect(child, from, references));
      return;
    }
    if (!node.isObject()) {
      return;
    }
    node.fields()
        .forEachRemaining(
            field -> {
              JsonNode value = field.getValue();
              switch (field.getKey()) {
                case "configMapRef", "configMapKeyRef" ->
                    add("ConfigMap", value.path("name"), from, references);
                case "secretRef", "secretKeyRef" ->
                    add("Secret", value.path("name"), from, references);
                case "configMap" -> add("ConfigMap", value.path("name"), from, references);
                case "secret" ->
                    add(
                        "Secret",
                        value.has("secretName") ? value.path("secretName") : value.path("name"),
                        from,
                        references);
                case "imagePullSecrets" ->
                    value.forEach(s -> add("Secret", s.path("name"), from, references));
                case "serviceAccountName" -> add("ServiceAccount", value, from, references);
                default -> {}
              }
              collect(value, from, references);
            });
  }

  private static void add(String kind, JsonNode name, String from, Set<Reference> references) {
    if (name.isTextual() && !name.asText().isBlank()) {
      references.add(new Reference(kind, name.asText(), from));
    }
  }
}
