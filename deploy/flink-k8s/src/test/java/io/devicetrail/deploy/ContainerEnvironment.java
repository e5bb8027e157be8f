package io.devicetrail.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The environment variables a container gets: its own {@code env} entries and everything its {@code
 * envFrom} ConfigMaps (from the build) and Secrets (as secrets.example.yaml shows them) hold.
 */
final class ContainerEnvironment {

  /** One variable; the value is known only when it is written in the manifests. */
  record Variable(String name, Optional<String> value, String origin) {}

  private ContainerEnvironment() {}

  static List<Variable> of(JsonNode container, Manifests manifests, SecretsExample secrets) {
    List<Variable> variables = new ArrayList<>();
    for (JsonNode env : container.path("env")) {
      String name = env.path("name").asText();
      if (env.has("value")) {
        variables.add(new Variable(name, Optional.of(env.path("value").asText()), "env"));
      } else if (env.path("valueFrom").has("configMapKeyRef")) {
        JsonNode ref = env.path("valueFrom").path("configMapKeyRef");
        String configMap = ref.path("name").asText();
        Optional<String> value =
            manifests
                .find("ConfigMap", configMap)
                .map(cm -> cm.path("data").path(ref.path("key").asText()))
                .filter(JsonNode::isTextual)
                .map(JsonNode::asText);
        variables.add(new Variable(name, value, "ConfigMap " + configMap));
      } else {
        variables.add(new Variable(name, Optional.empty(), "env (valueFrom)"));
      }
    }
    for (JsonNode from : container.path("envFrom")) {
      String prefix = from.path("prefix").asText("");
      if (from.has("configMapRef")) {
        String configMap = from.path("configMapRef").path("name").asText();
        manifests
            .find("ConfigMap", configMap)
            .ifPresent(
                cm ->
                    cm.path("data")
                        .fields()
                        .forEachRemaining(
                            e ->
                                variables.add(
                                    new Variable(
                                        prefix + e.getKey(),
                                        Optional.of(e.getValue().asText()),
                                        "ConfigMap " + configMap))));
      }
      if (from.has("secretRef")) {
        String secret = from.path("secretRef").path("name").asText();
        secrets
            .keys(secret)
            .ifPresent(
                keys ->
                    keys.forEach(
                        key ->
                            variables.add(
                                new Variable(prefix + key, Optional.empty(), "Secret " + secret))));
      }
    }
    return variables;
  }
}
