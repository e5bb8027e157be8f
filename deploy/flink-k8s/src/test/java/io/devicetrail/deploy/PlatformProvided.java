package io.devicetrail.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * What the manifests use but do not create, as the README's "Provided by the platform team" table
 * lists it ({@code | Secret | `devicetrail-vendor-token` | …}): the list a platform engineer works
 * through before applying an overlay.
 */
record PlatformProvided(Set<Item> items) {

  static final String HEADING = "Provided by the platform team";

  record Item(String kind, String name) {
    @Override
    public String toString() {
      return kind + " " + name;
    }
  }

  static PlatformProvided fromReadme() {
    return parse(Locations.readme());
  }

  static PlatformProvided parse(Path readme) {
    List<String> lines;
    try {
      lines = Files.readAllLines(readme);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + readme, e);
    }
    Set<Item> items = new LinkedHashSet<>();
    boolean inSection = false;
    for (String line : lines) {
      if (line.startsWith("#")) {
        inSection = line.replaceFirst("^#+", "").trim().equals(HEADING);
        continue;
      }
      if (inSection && line.startsWith("|")) {
        String[] cells = line.split("\\|");
        if (cells.length > 2 && cells[2].trim().matches("`[^`]+`")) {
          items.add(new Item(cells[1].trim(), cells[2].trim().replace("`", "")));
        }
      }
    }
    if (items.isEmpty()) {
      throw new AssertionError(readme + " has no table under a heading \"" + HEADING + "\"");
    }
    return new PlatformProvided(items);
  }

  boolean provides(String kind, String name) {
    return items.contains(new Item(kind, name));
  }

  Set<String> names(String kind) {
    Set<String> names = new LinkedHashSet<>();
    items.stream().filter(i -> i.kind().equals(kind)).forEach(i -> names.add(i.name()));
    return names;
  }
}
