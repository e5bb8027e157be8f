package io.devicetrail.localservices;

import java.nio.file.Path;

/**
 * Run in a child JVM: starts all local services on the data dir given, reports them, then waits.
 */
public final class LocalServicesChildMain {

  public static void main(String[] args) throws Exception {
    LocalServices services = LocalServices.start(Path.of(args[0]), PostgresOptions.fastForTests());
    System.out.println(
        "READY "
            + services.postgres().pid()
            + " "
            + services.postgres().port()
            + " "
            + services.kafka().port()
            + " "
            + services.s3().port());
    Thread.sleep(Long.MAX_VALUE);
  }
}
