package io.devicetrail.flinkcluster;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * Flink's own artifacts as the build resolved them (flink-runtime, flink-clients,
 * flink-streaming-java, the RocksDB state backend, flink-runtime-web, log4j), standing in for the
 * {@code lib/} folder of a Flink distribution, and the flink-s3-fs-hadoop jar for its {@code
 * plugins/} folder. The build writes both lists into this library (maven-dependency-plugin), so
 * every user of the library starts the same cluster.
 */
final class FlinkDistribution {

  private static final String CLASS_PATH = "flink-distribution.classpath";
  private static final String S3_PLUGIN = "flink-s3-plugin.classpath";

  private final List<Path> classPath;
  private final Path s3Plugin;

  private FlinkDistribution(List<Path> classPath, Path s3Plugin) {
    this.classPath = classPath;
    this.s3Plugin = s3Plugin;
  }

  static FlinkDistribution fromBuild() {
    List<Path> classPath = paths(CLASS_PATH);
    List<Path> plugin = paths(S3_PLUGIN);
    if (plugin.size() != 1) {
      throw new IllegalStateException("Expected one flink-s3-fs-hadoop jar, found " + plugin);
    }
    return new FlinkDistribution(classPath, plugin.get(0));
  }

  /** The JobManager's and TaskManagers' class path, as {@code -classpath} takes it. */
  String classPath() {
    return String.join(":", classPath.stream().map(Path::toString).toList());
  }

  Path s3Plugin() {
    return s3Plugin;
  }

  private static List<Path> paths(String resource) {
    try (InputStream in = FlinkDistribution.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException(
            resource + " is missing from the flink-cluster library: build it with Maven");
      }
      String text = new String(in.readAllBytes(), StandardCharsets.UTF_8).strip();
      List<Path> paths = Arrays.stream(text.split(":")).map(Path::of).toList();
      for (Path p : paths) {
        if (!Files.isRegularFile(p)) {
          throw new IllegalStateException(
              p + " (listed in " + resource + ") does not exist: rebuild the flink-cluster module");
        }
      }
      return paths;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
