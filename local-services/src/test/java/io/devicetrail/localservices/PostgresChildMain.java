package io.devicetrail.localservices;

import java.nio.file.Path;

/**
 * Run in a child JVM: starts PostgreSQL on the data dir given, reports it, then waits to be killed.
 */
public final class PostgresChildMain {

  public static void main(String[] args) throws Exception {
    LocalPostgres postgres = LocalPostgres.start(Path.of(args[0]), PostgresOptions.fastForTests());
    System.out.println("READY " + postgres.pid() + " " + postgres.port());
    Thread.sleep(Long.MAX_VALUE);
  }
}
