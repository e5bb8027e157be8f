package io.devicetrail.flinkcluster;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A JVM of the cluster tied to the life of the JVM that started it, as the local PostgreSQL is.
 *
 * <p>It is started by a tiny shell that then blocks reading a pipe from this JVM. When the pipe
 * closes, because {@link #stop} closed it or because this JVM died (even by kill -9), the shell
 * sends the JVM SIGTERM (Flink's processes shut down cleanly on it), waits, and kills it for good
 * if it is still there after a grace period. So no JobManager or TaskManager outlives its tests.
 */
final class SupervisedJvm {

  private static final String SUPERVISOR =
      String.join(
          "\n",
          "grace=\"$1\"; shift",
          "\"$@\" </dev/null >>\"$DEVICETRAIL_PROCESS_LOG\" 2>&1 &",
          "child=$!",
          "echo \"$child\"",
          "cat >/dev/null", // returns once the starting JVM closes our stdin, or dies
          "kill -TERM \"$child\" 2>/dev/null",
          "( sleep \"$grace\"; kill -KILL \"$child\" 2>/dev/null ) &",
          "killer=$!",
          "wait \"$child\"",
          "kill \"$killer\" 2>/dev/null");

  private final String name;
  private final Process supervisor;
  private final OutputStream lifeline;
  private final long pid;
  private final Path output;

  private SupervisedJvm(String name, Process supervisor, long pid, Path output) {
    this.name = name;
    this.supervisor = supervisor;
    this.lifeline = supervisor.getOutputStream();
    this.pid = pid;
    this.output = output;
  }

  /**
   * @param command the java command line
   * @param environment variables added to this JVM's environment
   * @param output where the JVM's stdout and stderr are appended
   * @param grace how long the JVM may take to stop on SIGTERM before it is killed
   */
  static SupervisedJvm start(
      String name,
      List<String> command,
      Map<String, String> environment,
      Path output,
      Duration grace)
      throws IOException {
    List<String> shell =
        new ArrayList<>(
            List.of(
                "sh", "-c", SUPERVISOR, name + "-supervisor", Long.toString(grace.toSeconds())));
    shell.addAll(command);
    ProcessBuilder builder = new ProcessBuilder(shell).redirectErrorStream(true);
    builder.environment().putAll(environment);
    builder.environment().put("DEVICETRAIL_PROCESS_LOG", output.toString());
    Process supervisor = builder.start();
    // Not closed on purpose: the supervisor prints nothing more, and closing could SIGPIPE it.
    BufferedReader out =
        new BufferedReader(
            new InputStreamReader(supervisor.getInputStream(), StandardCharsets.US_ASCII));
    String pidLine = out.readLine();
    if (pidLine == null) {
      supervisor.destroyForcibly();
      throw new IOException("The supervisor of " + name + " exited at once; see " + output);
    }
    return new SupervisedJvm(name, supervisor, Long.parseLong(pidLine.strip()), output);
  }

  String name() {
    return name;
  }

  long pid() {
    return pid;
  }

  Path output() {
    return output;
  }

  /** True while the JVM runs; a zombie (killed, not yet reaped by its supervisor) is gone. */
  boolean isRunning() {
    try {
      String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
      // "pid (comm) S ...": the state follows the last ')', since comm may contain one.
      char state = stat.substring(stat.lastIndexOf(')') + 1).strip().charAt(0);
      return state != 'Z' && state != 'X';
    } catch (IOException e) {
      return false; // no such process
    }
  }

  /** SIGKILL, as a crashed machine or an OOM killer would: no shutdown hook runs. */
  void kill() {
    ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
    awaitExit(Duration.ofSeconds(30));
  }

  /**
   * Asks for a clean shutdown (SIGTERM) and waits for it; the supervisor kills the JVM after the
   * grace period.
   *
   * @return true if the JVM and its supervisor are gone within the timeout
   */
  boolean stop(Duration timeout) {
    try {
      lifeline.close();
    } catch (IOException e) {
      // The supervisor is gone already: the pipe is closed either way.
    }
    try {
      boolean exited = supervisor.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
      return exited && awaitExit(Duration.ofSeconds(5));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /** The last lines the JVM printed, for an error message. */
  String tail(int lines) {
    try {
      List<String> all = Files.readAllLines(output, StandardCharsets.UTF_8);
      return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
    } catch (IOException e) {
      return "(no output: " + e.getMessage() + ")";
    }
  }

  private boolean awaitExit(Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (isRunning()) {
      if (System.nanoTime() > deadline) {
        return false;
      }
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return !isRunning();
      }
    }
    return true;
  }

  @Override
  public String toString() {
    return name + " (pid " + pid + ")";
  }
}
