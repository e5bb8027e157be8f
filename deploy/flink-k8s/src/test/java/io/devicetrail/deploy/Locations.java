package io.devicetrail.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** Where the manifests and the repository are, and the versions the build uses (set by the pom). */
final class Locations {

  private Locations() {}

  /** deploy/flink-k8s: the kustomize base, the overlays, the Dockerfiles and the README. */
  static Path deployDir() {
    return Path.of(System.getProperty("devicetrail.deploy.dir", ".")).toAbsolutePath().normalize();
  }

  /** The repository root: the Dockerfiles' build context, under which the jars are built. */
  static Path repositoryDir() {
    return Path.of(System.getProperty("devicetrail.repository.dir", "../.."))
        .toAbsolutePath()
        .normalize();
  }

  static Path baseDir() {
    return deployDir().resolve("base");
  }

  static Path dockerfile(String name) {
    return deployDir().resolve("docker").resolve(name + ".Dockerfile");
  }

  static Path readme() {
    return deployDir().resolve("README.md");
  }

  static Path secretsExample() {
    return deployDir().resolve("secrets.example.yaml");
  }

  /** The names of the overlays (folders under overlays/ that hold a kustomization.yaml). */
  static List<String> overlays() {
    try (Stream<Path> dirs = Files.list(deployDir().resolve("overlays"))) {
      return dirs.filter(d -> Files.isRegularFile(d.resolve("kustomization.yaml")))
          .map(d -> d.getFileName().toString())
          .sorted()
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static Path overlayDir(String overlay) {
    return deployDir().resolve("overlays").resolve(overlay);
  }

  /** The Flink version of the build (pom.xml's flink.version). */
  static String flinkVersion() {
    return required("devicetrail.flink.version");
  }

  private static String required(String property) {
    String value = System.getProperty(property);
    if (value == null || value.isBlank()) {
      throw new IllegalStateException(
          "system property " + property + " is not set: run these tests through Maven");
    }
    return value;
  }
}
