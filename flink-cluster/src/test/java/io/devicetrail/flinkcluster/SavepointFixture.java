package io.devicetrail.flinkcluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Properties;
import java.util.stream.Stream;
import org.apache.flink.core.fs.FileSystem;

/**
 * A savepoint of one released state version of the job, kept under test resources with the Kafka
 * records the job had read when it was taken ({@code savepoints/<version>/}): {@code savepoint/}
 * (the savepoint's files, relocatable: Flink's canonical format refers to its files relatively),
 * {@code input.jsonl} (every record of the input topics in offset order, so a fresh broker given
 * them again has the same offsets the savepoint's Kafka sources resume from) and {@code
 * fixture.properties}.
 *
 * <p>Written by {@link SavepointFixtureWriter}, restored by {@link SavepointUpgradeTest}; the
 * procedure is in {@code savepoints/README.md}.
 */
record SavepointFixture(Path dir) {

  private static final ObjectMapper JSON = new ObjectMapper();

  /** One record of an input topic. */
  record InputRecord(String topic, int partition, String key, String value) {}

  /** The kept fixtures, oldest state version first. */
  static List<SavepointFixture> kept() throws IOException {
    Path root = Path.of(System.getProperty("devicetrail.savepoint.fixtures"));
    if (!Files.isDirectory(root)) {
      return List.of();
    }
    try (Stream<Path> dirs = Files.list(root)) {
      return dirs.filter(d -> Files.isRegularFile(d.resolve("fixture.properties")))
          .sorted(
              Comparator.comparing(d -> Integer.parseInt(d.getFileName().toString().substring(1))))
          .map(SavepointFixture::new)
          .toList();
    }
  }

  String version() {
    return dir.getFileName().toString();
  }

  Path savepoint() {
    return dir.resolve("savepoint");
  }

  Properties properties() throws IOException {
    Properties p = new Properties();
    try (var in = Files.newBufferedReader(dir.resolve("fixture.properties"))) {
      p.load(in);
    }
    return p;
  }

  List<InputRecord> input() throws IOException {
    List<InputRecord> records = new ArrayList<>();
    for (String line : Files.readAllLines(dir.resolve("input.jsonl"), StandardCharsets.UTF_8)) {
      if (!line.isBlank()) {
        JsonNode n = JSON.readTree(line);
        records.add(
            new InputRecord(
                n.path("topic").asText(),
                n.path("partition").asInt(),
                n.path("key").asText(),
                n.path("value").asText()));
      }
    }
    return records;
  }

  static void writeInput(Path file, List<InputRecord> records) throws IOException {
    try (Writer out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      for (InputRecord r : records) {
        ObjectNode n = JSON.createObjectNode();
        n.put("topic", r.topic());
        n.put("partition", r.partition());
        n.put("key", r.key());
        n.put("value", r.value());
        out.write(JSON.writeValueAsString(n));
        out.write('\n');
      }
    }
  }

  /**
   * Copies the savepoint's files to {@code target} (an s3:// folder) through Flink's file system.
   */
  void uploadSavepoint(String target) throws IOException {
    Path source = savepoint();
    try (Stream<Path> files = Files.walk(source)) {
      for (Path file : files.filter(Files::isRegularFile).toList()) {
        org.apache.flink.core.fs.Path to =
            new org.apache.flink.core.fs.Path(target + "/" + source.relativize(file));
        try (InputStream in = Files.newInputStream(file);
            OutputStream out = to.getFileSystem().create(to, FileSystem.WriteMode.OVERWRITE)) {
          in.transferTo(out);
        }
      }
    }
  }
}
