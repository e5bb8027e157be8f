package io.devicetrail.sql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import java.io.OutputStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeSet;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Scripts are found in a folder (tests, IDE) and inside a jar (the migrate jar, the job jar). */
class WarehouseScriptsTest {

  @TempDir Path work;

  @Test
  void scriptsInsideAJarAreFoundInVersionOrderAndOtherFilesIgnored() throws Exception {
    Path jar =
        jar(
            Map.of(
                "db/warehouse/redshift/V2__more.sql", "CREATE TABLE b (x INTEGER);",
                "db/warehouse/redshift/V10__later.sql", "CREATE TABLE c (x INTEGER);",
                "db/warehouse/redshift/V1__first.sql", "CREATE TABLE a (x INTEGER);",
                "db/warehouse/redshift/README.md", "not a migration",
                "db/warehouse/redshift/old/V3__nested.sql", "not at the top level"));

    try (URLClassLoader loader = new URLClassLoader(new URL[] {jar.toUri().toURL()}, null)) {
      assertThat(WarehouseScripts.load(WarehouseFlavor.REDSHIFT, loader))
          .extracting(WarehouseScript::version, WarehouseScript::description)
          .containsExactly(tuple(1, "first"), tuple(2, "more"), tuple(10, "later"));
    }
  }

  @Test
  void twoScriptsWithOneVersionAreRefused() throws Exception {
    Path jar =
        jar(
            Map.of(
                "db/warehouse/postgres/V1__first.sql", "SELECT 1;",
                "db/warehouse/postgres/V1__again.sql", "SELECT 2;"));

    try (URLClassLoader loader = new URLClassLoader(new URL[] {jar.toUri().toURL()}, null)) {
      assertThatThrownBy(() -> WarehouseScripts.load(WarehouseFlavor.POSTGRES, loader))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("Two warehouse migrations with version 1");
    }
  }

  @Test
  void theChecksumIgnoresLineEndingsButNotContent() {
    WarehouseScript unix =
        new WarehouseScript(1, "x", "V1__x.sql", "CREATE TABLE a (x INTEGER);\n");
    WarehouseScript windows =
        new WarehouseScript(1, "x", "V1__x.sql", "CREATE TABLE a (x INTEGER);\r\n");
    WarehouseScript edited =
        new WarehouseScript(1, "x", "V1__x.sql", "CREATE TABLE a (y INTEGER);\n");

    assertThat(windows.checksum()).isEqualTo(unix.checksum());
    assertThat(edited.checksum()).isNotEqualTo(unix.checksum());
  }

  /** A jar as Maven's jar and shade plugins write it: with an entry for every folder. */
  private Path jar(Map<String, String> entries) throws Exception {
    Path jar = work.resolve("scripts.jar");
    TreeSet<String> folders = new TreeSet<>();
    for (String name : entries.keySet()) {
      for (int slash = name.indexOf('/'); slash > 0; slash = name.indexOf('/', slash + 1)) {
        folders.add(name.substring(0, slash + 1));
      }
    }
    try (OutputStream out = Files.newOutputStream(jar);
        JarOutputStream jarOut = new JarOutputStream(out)) {
      for (String folder : folders) {
        jarOut.putNextEntry(new JarEntry(folder));
        jarOut.closeEntry();
      }
      for (Map.Entry<String, String> e : entries.entrySet()) {
        jarOut.putNextEntry(new JarEntry(e.getKey()));
        jarOut.write(e.getValue().getBytes(StandardCharsets.UTF_8));
        jarOut.closeEntry();
      }
    }
    return jar;
  }
}
