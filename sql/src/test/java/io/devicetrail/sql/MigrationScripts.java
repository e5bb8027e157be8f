package io.devicetrail.sql;

import java.util.List;

/**
 * The warehouse's versioned scripts on the test classpath, so that tests expecting "migrated to the
 * latest version" need no edit when a version is added (the support database's: {@link
 * SupportScripts}).
 */
final class MigrationScripts {

  private MigrationScripts() {}

  /** The warehouse flavour's scripts as the history table records them: "version file name". */
  static List<String> warehouseHistory(WarehouseFlavor flavor) {
    return WarehouseScripts.load(flavor).stream().map(s -> s.version() + " " + s.name()).toList();
  }

  static String latestWarehouseVersion(WarehouseFlavor flavor) {
    List<WarehouseScript> scripts = WarehouseScripts.load(flavor);
    return Integer.toString(scripts.get(scripts.size() - 1).version());
  }
}
