package io.devicetrail.localservices;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs a short-lived command to completion and hands back what it printed. */
final class Commands {

  private Commands() {}

  /**
   * @param what a few words naming the step, for the error message
   * @return stdout and stderr, merged
   * @throws IOException when the command fails or outlives the timeout; the message carries its
   *     output
   */
  static String run(String what, List<String> command, Duration timeout) throws IOException {
    return run(what, command, timeout, java.util.Map.of());
  }

  /** As {@link #run(String, List, Duration)}, with {@code environment} added to the command's. */
  static String run(
      String what,
      List<String> command,
      Duration timeout,
      java.util.Map<String, String> environment)
      throws IOException {
    // Output goes to a file so that a chatty command can never stall on a full pipe.
    Path output = Files.createTempFile("devicetrail-command-", ".log");
    try {
      ProcessBuilder builder =
          new ProcessBuilder(command)
              .redirectErrorStream(true)
              .redirectOutput(output.toFile())
              .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
      builder.environment().putAll(environment);
      Process process = builder.start();
      boolean finished;
      try {
        finished = process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
      } catch (InterruptedException e) {
        process.destroyForcibly();
        Thread.currentThread().interrupt();
        throw new IOException(what + " was interrupted", e);
      }
      String text = Files.readString(output, StandardCharsets.UTF_8).strip();
      if (!finished) {
        process.destroyForcibly();
        throw new IOException(
            what + " did not finish within " + timeout.toSeconds() + " s: " + text);
      }
      if (process.exitValue() != 0) {
        throw new IOException(what + " failed (exit " + process.exitValue() + "): " + text);
      }
      return text;
    } finally {
      Files.deleteIfExists(output);
    }
  }
}
