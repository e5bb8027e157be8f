package io.devicetrail.sql;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.JarURLConnection;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Enumeration;
import java.util.List;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Finds a flavour's {@code V<n>__<description>.sql} scripts on the classpath, in a folder or a jar.
 * A jar must carry entries for its folders, as Maven's jar and shade plugins write them.
 */
final class WarehouseScripts {

  private static final Pattern NAME = Pattern.compile("V([1-9][0-9]*)__([A-Za-z0-9_]+)\\.sql");

  private WarehouseScripts() {}

  /**
   * The flavour's scripts, ordered by version.
   *
   * @throws IllegalStateException when none is found or two share a version
   */
  static List<WarehouseScript> load(WarehouseFlavor flavor) {
    return load(flavor, WarehouseScripts.class.getClassLoader());
  }

  /** As {@link #load(WarehouseFlavor)}, from the given class loader's resources. */
  static List<WarehouseScript> load(WarehouseFlavor flavor, ClassLoader loader) {
    TreeSet<String> names = new TreeSet<>();
    try {
      Enumeration<URL> roots = loader.getResources(flavor.location());
      while (roots.hasMoreElements()) {
        names.addAll(fileNames(roots.nextElement(), flavor.location()));
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot list " + flavor.location() + " on the classpath", e);
    }
    TreeMap<Integer, WarehouseScript> byVersion = new TreeMap<>();
    for (String name : names) {
      Matcher m = NAME.matcher(name);
      if (!m.matches()) {
        continue;
      }
      WarehouseScript script =
          new WarehouseScript(
              Integer.parseInt(m.group(1)), m.group(2), name, read(loader, flavor, name));
      WarehouseScript clash = byVersion.put(script.version(), script);
      if (clash != null) {
        throw new IllegalStateException(
            "Two warehouse migrations with version "
                + script.version()
                + " in "
                + flavor.location()
                + ": "
                + clash.name()
                + " and "
                + name);
      }
    }
    if (byVersion.isEmpty()) {
      throw new IllegalStateException("No warehouse migrations found in " + flavor.location());
    }
    List<WarehouseScript> scripts = new ArrayList<>(byVersion.values());
    scripts.sort(Comparator.comparingInt(WarehouseScript::version));
    return scripts;
  }

  private static List<String> fileNames(URL root, String location) throws IOException {
    if ("file".equals(root.getProtocol())) {
      try (Stream<Path> files = Files.list(Path.of(root.toURI()))) {
        return files.map(p -> p.getFileName().toString()).toList();
      } catch (URISyntaxException e) {
        throw new IOException("Bad classpath URL " + root, e);
      }
    }
    if ("jar".equals(root.getProtocol())) {
      List<String> names = new ArrayList<>();
      JarURLConnection connection = (JarURLConnection) root.openConnection();
      connection.setUseCaches(false);
      try (JarFile jar = connection.getJarFile()) {
        String prefix = location + "/";
        for (Enumeration<JarEntry> e = jar.entries(); e.hasMoreElements(); ) {
          String entry = e.nextElement().getName();
          if (entry.startsWith(prefix) && entry.indexOf('/', prefix.length()) < 0) {
            names.add(entry.substring(prefix.length()));
          }
        }
      }
      return names;
    }
    throw new IOException("Cannot list classpath resources behind " + root);
  }

  private static String read(ClassLoader loader, WarehouseFlavor flavor, String name) {
    String resource = flavor.location() + "/" + name;
    try (InputStream in = loader.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("Cannot read " + resource);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read " + resource, e);
    }
  }
}
