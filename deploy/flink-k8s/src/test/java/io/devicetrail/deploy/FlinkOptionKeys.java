package io.devicetrail.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.FallbackKey;

/**
 * The configuration keys Flink itself defines, read from the {@code *Options} classes of the Flink
 * jars the build uses (core, runtime, streaming, RocksDB): Flink silently ignores a key it does not
 * know, so a misspelt or removed key in a FlinkDeployment would only show as a job behaving
 * differently.
 */
final class FlinkOptionKeys {

  /** One class from each Flink jar whose options the manifests may use. */
  private static final List<String> JARS_OF =
      List.of(
          "org.apache.flink.configuration.CoreOptions",
          "org.apache.flink.runtime.jobgraph.JobGraph",
          "org.apache.flink.streaming.api.environment.StreamExecutionEnvironment",
          "org.apache.flink.state.rocksdb.RocksDBOptions");

  /** A defined key, or a deprecated name of one (then {@code currentKey} names its replacement). */
  record Known(String key, Optional<String> currentKey) {}

  private static Map<String, Known> keys;

  private FlinkOptionKeys() {}

  static synchronized Optional<Known> lookUp(String key) {
    if (keys == null) {
      keys = scan();
    }
    return Optional.ofNullable(keys.get(key));
  }

  private static Map<String, Known> scan() {
    Map<String, Known> found = new HashMap<>();
    for (String anchor : JARS_OF) {
      for (Class<?> options : optionsClassesBeside(anchor)) {
        for (Field field : options.getDeclaredFields()) {
          if (Modifier.isStatic(field.getModifiers()) && field.getType() == ConfigOption.class) {
            register(field, found);
          }
        }
      }
    }
    if (found.size() < 100) {
      throw new AssertionError(
          "found only " + found.size() + " Flink configuration keys: the scan is broken");
    }
    return found;
  }

  private static void register(Field field, Map<String, Known> found) {
    ConfigOption<?> option;
    try {
      field.setAccessible(true);
      option = (ConfigOption<?>) field.get(null);
    } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
      return;
    }
    if (option == null) {
      return;
    }
    found.put(option.key(), new Known(option.key(), Optional.empty()));
    for (FallbackKey fallback : option.fallbackKeys()) {
      found.putIfAbsent(
          fallback.getKey(),
          new Known(
              fallback.getKey(),
              fallback.isDeprecated() ? Optional.of(option.key()) : Optional.empty()));
    }
  }

  /** The loadable top-level classes named {@code *Options} in the jar that holds {@code anchor}. */
  private static List<Class<?>> optionsClassesBeside(String anchor) {
    Path jar;
    try {
      Class<?> anchorClass = Class.forName(anchor);
      jar = Path.of(anchorClass.getProtectionDomain().getCodeSource().getLocation().toURI());
    } catch (ClassNotFoundException | URISyntaxException e) {
      throw new AssertionError(
          "cannot find the Flink jar of " + anchor + " on the test classpath", e);
    }
    ClassLoader loader = FlinkOptionKeys.class.getClassLoader();
    try (JarFile file = new JarFile(jar.toFile())) {
      List<Class<?>> classes = new ArrayList<>();
      Enumeration<JarEntry> entries = file.entries();
      while (entries.hasMoreElements()) {
        String name = entries.nextElement().getName();
        if (name.endsWith("Options.class")
            && !name.contains("$")
            && name.startsWith("org/apache/flink/")) {
          String className = name.substring(0, name.length() - ".class".length()).replace('/', '.');
          try {
            classes.add(Class.forName(className, true, loader));
          } catch (ReflectiveOperationException | LinkageError e) {
            // An options class whose dependencies are not here defines nothing the manifests use.
          }
        }
      }
      return classes;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + jar, e);
    }
  }
}
