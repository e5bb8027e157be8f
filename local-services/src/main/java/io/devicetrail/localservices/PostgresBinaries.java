package io.devicetrail.localservices;

import java.nio.file.Files;
import java.nio.file.Path;

/** The PostgreSQL 15 programs this library runs: Debian's postgresql-15 package. */
final class PostgresBinaries {

  /** Overrides the directory of initdb/postgres/pg_ctl, e.g. for a non-Debian install. */
  static final String BIN_DIR_PROPERTY = "devicetrail.postgres.bin";

  static final Path DEFAULT_BIN_DIR = Path.of("/usr/lib/postgresql/15/bin");

  private final Path binDir;

  private PostgresBinaries(Path binDir) {
    this.binDir = binDir;
  }

  static PostgresBinaries locate() {
    String override = System.getProperty(BIN_DIR_PROPERTY);
    Path binDir = override == null ? DEFAULT_BIN_DIR : Path.of(override);
    for (String program : new String[] {"initdb", "postgres", "pg_ctl"}) {
      if (!Files.isExecutable(binDir.resolve(program))) {
        throw new IllegalStateException(
            "PostgreSQL 15 is not installed: "
                + binDir.resolve(program)
                + " is missing. Run scripts/prerequisites.sh (it installs the Debian package"
                + " postgresql-15), or point -D"
                + BIN_DIR_PROPERTY
                + " at the directory holding initdb, postgres and pg_ctl.");
      }
    }
    return new PostgresBinaries(binDir);
  }

  String initdb() {
    return binDir.resolve("initdb").toString();
  }

  String postgres() {
    return binDir.resolve("postgres").toString();
  }

  String pgCtl() {
    return binDir.resolve("pg_ctl").toString();
  }

  /** psql as a human would type it: the Debian wrapper on the PATH if there is one. */
  String psql() {
    Path onPath = Path.of("/usr/bin/psql");
    return Files.isExecutable(onPath) ? "psql" : binDir.resolve("psql").toString();
  }
}
