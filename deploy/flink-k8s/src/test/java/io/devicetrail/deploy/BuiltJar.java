package io.devicetrail.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.List;
import java.util.jar.JarFile;
import java.util.jar.Manifest;
import java.util.stream.Stream;

/**
 * A jar the Maven build produced, found the way a Dockerfile's COPY finds it in the build context.
 */
record BuiltJar(Path path) {

  /**
   * The one file under the repository root that a COPY source (which may hold a {@code *}) matches,
   * as Docker would copy it to a single destination file.
   */
  static BuiltJar matching(String copySource) {
    Path root = Locations.repositoryDir();
    Path folder = root.resolve(copySource).getParent();
    PathMatcher matcher =
        FileSystems.getDefault().getPathMatcher("glob:" + root.resolve(copySource));
    List<Path> matches;
    try (Stream<Path> files = Files.isDirectory(folder) ? Files.list(folder) : Stream.empty()) {
      matches = files.filter(matcher::matches).toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    if (matches.size() != 1) {
      throw new AssertionError(
          "COPY "
              + copySource
              + " must match exactly one file the build produced, but matches "
              + matches
              + " in "
              + folder
              + ". Build the deployables first: mvn -pl deploy/flink-k8s -am verify (the jars are made in the"
              + " package phase).");
    }
    return new BuiltJar(matches.get(0));
  }

  /** The class {@code java -jar} starts: the manifest's Main-Class. */
  String mainClass() {
    try (JarFile jar = new JarFile(path.toFile())) {
      Manifest manifest = jar.getManifest();
      String mainClass =
          manifest == null ? null : manifest.getMainAttributes().getValue("Main-Class");
      if (mainClass == null) {
        throw new AssertionError(path + " has no Main-Class in its manifest");
      }
      return mainClass;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + path, e);
    }
  }

  boolean containsClass(String className) {
    try (JarFile jar = new JarFile(path.toFile())) {
      return jar.getEntry(className.replace('.', '/') + ".class") != null;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + path, e);
    }
  }
}
