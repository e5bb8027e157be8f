package io.devicetrail.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every kustomization builds with the real kubectl, into resources that can be applied. */
class OverlayBuildTest {

  static List<String> overlays() {
    return Locations.overlays();
  }

  @Test
  void thereIsAStagingAndAProductionOverlay() {
    assertThat(overlays()).contains("dev", "prod");
  }

  @Test
  void theBaseBuilds() {
    assertThat(Kustomize.build(Locations.baseDir()).resources()).isNotEmpty();
  }

  @ParameterizedTest
  @MethodSource("overlays")
  void everyResourceOfAnOverlayHasAKindANameAndTheOverlaysNamespace(String overlay) {
    Manifests manifests = Kustomize.overlay(overlay);

    assertThat(manifests.resources()).isNotEmpty();
    for (JsonNode resource : manifests.resources()) {
      assertThat(resource.path("apiVersion").asText())
          .as("apiVersion of %s", resource)
          .isNotBlank();
      assertThat(resource.path("kind").asText()).as("kind of %s", resource).isNotBlank();
      assertThat(Manifests.nameOf(resource))
          .as("name of %s", Manifests.describe(resource))
          .isNotBlank();
    }
    Set<String> namespaces =
        manifests.resources().stream()
            .map(r -> r.path("metadata").path("namespace").asText())
            .collect(Collectors.toSet());
    assertThat(namespaces).as("namespaces of %s", overlay).hasSize(1).doesNotContain("");
  }

  @ParameterizedTest
  @MethodSource("overlays")
  void noOverlayCarriesASecret(String overlay) {
    assertThat(Kustomize.overlay(overlay).ofKind("Secret"))
        .as("Secrets are referenced by name only; the platform team creates them")
        .isEmpty();
  }

  @Test
  void theSecretsExampleIsPartOfNoKustomization() throws IOException {
    try (Stream<Path> files = Files.walk(Locations.deployDir())) {
      List<Path> kustomizations =
          files.filter(f -> f.getFileName().toString().equals("kustomization.yaml")).toList();
      assertThat(kustomizations).isNotEmpty();
      for (Path kustomization : kustomizations) {
        // The parsed YAML, without comments: what kubectl would read.
        JsonNode parsed = new YAMLMapper().readTree(kustomization.toFile());
        assertThat(parsed.toString()).as("%s", kustomization).doesNotContain("secrets.example");
      }
    }
  }
}
