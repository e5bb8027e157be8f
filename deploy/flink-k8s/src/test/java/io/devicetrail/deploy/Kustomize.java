package io.devicetrail.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Builds a kustomization with the real {@code kubectl kustomize}, as a platform engineer's {@code
 * kubectl apply -k} would, and parses what it prints. Each folder is built once per test run.
 */
final class Kustomize {

  private static final YAMLMapper YAML = new YAMLMapper();
  private static final Map<Path, Manifests> BUILT = new ConcurrentHashMap<>();

  private Kustomize() {}

  static Manifests build(Path kustomizationDir) {
    return BUILT.computeIfAbsent(kustomizationDir.toAbsolutePath().normalize(), Kustomize::run);
  }

  static Manifests overlay(String overlay) {
    return build(Locations.overlayDir(overlay));
  }

  private static Manifests run(Path dir) {
    Path errors = null;
    Process process = null;
    try {
      errors = Files.createTempFile("kustomize", ".err");
      try {
        process =
            new ProcessBuilder("kubectl", "kustomize", dir.toString())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .redirectError(errors.toFile())
                .start();
      } catch (IOException e) {
        throw new IllegalStateException(
            "kubectl is not installed (or not on PATH): these tests build the manifests with"
                + " `kubectl kustomize`. Run scripts/prerequisites.sh, which installs it.",
            e);
      }
      String output;
      try (InputStream stdout = process.getInputStream()) {
        output = new String(stdout.readAllBytes(), StandardCharsets.UTF_8);
      }
      if (!process.waitFor(2, TimeUnit.MINUTES)) {
        throw new IllegalStateException(
            "kubectl kustomize " + dir + " did not finish in 2 minutes");
      }
      if (process.exitValue() != 0) {
        throw new AssertionError(
            "kubectl kustomize "
                + dir
                + " failed (exit "
                + process.exitValue()
                + "):\n"
                + Files.readString(errors));
      }
      return new Manifests(dir, parse(output));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot run kubectl kustomize " + dir, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while building " + dir, e);
    } finally {
      if (process != null) {
        process.destroyForcibly();
      }
      if (errors != null) {
        errors.toFile().delete();
      }
    }
  }

  static List<JsonNode> parse(String yaml) {
    List<JsonNode> resources = new ArrayList<>();
    try (MappingIterator<JsonNode> documents = YAML.readerFor(JsonNode.class).readValues(yaml)) {
      while (documents.hasNext()) {
        JsonNode document = documents.next();
        if (document != null && !document.isNull() && !document.isEmpty()) {
          resources.add(document);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("kubectl kustomize printed YAML that does not parse", e);
    }
    return resources;
  }
}
