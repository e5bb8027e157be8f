package io.devicetrail.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** secrets.example.yaml: the shape of every Secret the platform team creates, with placeholders. */
record SecretsExample(Map<String, JsonNode> secrets) {

  static SecretsExample read() {
    List<JsonNode> documents;
    try {
      documents = Kustomize.parse(Files.readString(Locations.secretsExample()));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + Locations.secretsExample(), e);
    }
    Map<String, JsonNode> secrets = new LinkedHashMap<>();
    for (JsonNode document : documents) {
      if (!document.path("kind").asText().equals("Secret")) {
        throw new AssertionError(
            "secrets.example.yaml holds a "
                + document.path("kind")
                + "; only Secrets belong there");
      }
      secrets.put(Manifests.nameOf(document), document);
    }
    return new SecretsExample(secrets);
  }

  /**
   * The keys of a Secret (its files when mounted, its variables under envFrom), if the example has
   * it.
   */
  Optional<Set<String>> keys(String secretName) {
    JsonNode secret = secrets.get(secretName);
    if (secret == null) {
      return Optional.empty();
    }
    Set<String> keys = new LinkedHashSet<>();
    secret.path("stringData").fieldNames().forEachRemaining(keys::add);
    secret.path("data").fieldNames().forEachRemaining(keys::add);
    return Optional.of(keys);
  }

  /** Every value, by "secret/key". */
  Map<String, String> values() {
    Map<String, String> values = new LinkedHashMap<>();
    secrets.forEach(
        (name, secret) -> {
          secret
              .path("stringData")
              .fields()
              .forEachRemaining(e -> values.put(name + "/" + e.getKey(), e.getValue().asText()));
          secret
              .path("data")
              .fields()
              .forEachRemaining(e -> values.put(name + "/" + e.getKey(), e.getValue().asText()));
        });
    return values;
  }
}
