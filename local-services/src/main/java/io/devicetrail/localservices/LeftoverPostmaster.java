package io.devicetrail.localservices;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A server still running on a data dir from an earlier run whose supervisor died with it (e.g. both
 * were killed with kill -9). It holds the data dir's lock, so it is stopped before a new start.
 */
final class LeftoverPostmaster {

  private static final Logger LOG = LoggerFactory.getLogger(LeftoverPostmaster.class);

  private LeftoverPostmaster() {}

  static void stopIfRunning(Path pgData, PostgresBinaries binaries, ServerAccount account)
      throws IOException {
    Path pidFile = pgData.resolve("postmaster.pid");
    if (!Files.exists(pidFile)) {
      return;
    }
    long pid;
    try {
      pid = Long.parseLong(Files.readAllLines(pidFile).get(0).strip());
    } catch (RuntimeException e) {
      return; // half-written lock file: PostgreSQL itself decides what to do with it
    }
    // A stale pid may have been reused by another program: never signal anything but a postgres.
    if (!ProcessState.isRunning(pid) || !ProcessState.commandLine(pid).contains("postgres")) {
      return;
    }
    LOG.warn("Stopping PostgreSQL left running by an earlier run (pid {}) on {}", pid, pgData);
    try {
      Commands.run(
          "pg_ctl stop -m fast",
          account.command(
              List.of(
                  binaries.pgCtl(),
                  "stop",
                  "-D",
                  pgData.toString(),
                  "-m",
                  "fast",
                  "-w",
                  "-t",
                  "30")),
          Duration.ofSeconds(40));
    } catch (IOException e) {
      Commands.run(
          "pg_ctl stop -m immediate",
          account.command(
              List.of(binaries.pgCtl(), "stop", "-D", pgData.toString(), "-m", "immediate", "-w")),
          Duration.ofSeconds(20));
    }
    if (!ProcessState.awaitExit(pid, Duration.ofSeconds(10))) {
      throw new IOException("PostgreSQL left by an earlier run (pid " + pid + ") did not stop");
    }
  }
}
