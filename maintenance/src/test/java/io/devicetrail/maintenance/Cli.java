package io.devicetrail.maintenance;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import picocli.CommandLine;

/** Runs {@code devicetrail-maintenance} in this JVM the way {@code main} does, capturing stdout. */
public final class Cli {

  /** Exit code and what the command printed (its report; logs go elsewhere). */
  public record Run(int exitCode, String output) {}

  private Cli() {}

  public static Run run(Clock clock, String... args) {
    StringWriter out = new StringWriter();
    CommandLine cli = MaintenanceCommand.commandLine(clock);
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(out, true));
    int exitCode = cli.execute(args);
    return new Run(exitCode, out.toString());
  }

  /** The instant tests run the command at unless they give their own clock. */
  public static final Instant NOW = Instant.parse("2026-11-02T12:00:00Z");

  /** Runs at {@link #NOW}. */
  public static Run run(String... args) {
    return run(Clock.fixed(NOW, ZoneOffset.UTC), args);
  }
}
