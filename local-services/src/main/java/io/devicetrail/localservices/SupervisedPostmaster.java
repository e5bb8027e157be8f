package io.devicetrail.localservices;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A postgres server process tied to the life of this JVM.
 *
 * <p>The server is started by a tiny shell that then blocks reading a pipe from this JVM. When the
 * pipe closes, because {@link #stop} closed it or because the JVM died (even by kill -9), the shell
 * sends the server SIGINT (PostgreSQL's "fast" shutdown: abort transactions, checkpoint, exit) and
 * waits for it.
 */
final class SupervisedPostmaster {

  private static final String SUPERVISOR =
      String.join(
          "\n",
          "\"$@\" </dev/null >&2 &", // the server, its output appended to our stderr (the log file)
          "server=$!",
          "echo \"$server\"",
          "cat >/dev/null", // returns once the JVM closes our stdin, or dies
          "kill -INT \"$server\" 2>/dev/null",
          "wait \"$server\"");

  private final Process supervisor;
  private final OutputStream lifeline;
  private final long serverPid;

  private SupervisedPostmaster(Process supervisor, long serverPid) {
    this.supervisor = supervisor;
    this.lifeline = supervisor.getOutputStream();
    this.serverPid = serverPid;
  }

  /**
   * @param serverCommand the postgres command line, run as {@code account}
   * @param logFile where the server's output is appended
   */
  static SupervisedPostmaster start(ServerAccount account, List<String> serverCommand, Path logFile)
      throws IOException {
    List<String> shell = new ArrayList<>(List.of("sh", "-c", SUPERVISOR, "postgres-supervisor"));
    shell.addAll(serverCommand);
    Process supervisor =
        new ProcessBuilder(account.command(shell))
            .redirectError(ProcessBuilder.Redirect.appendTo(logFile.toFile()))
            .start();
    // Not closed on purpose: the supervisor prints nothing more, and closing could SIGPIPE it.
    BufferedReader out =
        new BufferedReader(
            new InputStreamReader(supervisor.getInputStream(), StandardCharsets.US_ASCII));
    String pidLine = out.readLine();
    if (pidLine == null) {
      supervisor.destroyForcibly();
      throw new IOException("The PostgreSQL supervisor shell exited at once; see " + logFile);
    }
    return new SupervisedPostmaster(supervisor, Long.parseLong(pidLine.strip()));
  }

  long pid() {
    return serverPid;
  }

  boolean isRunning() {
    return ProcessState.isRunning(serverPid);
  }

  /**
   * Asks for a fast shutdown and waits for it.
   *
   * @return true if the server and its supervisor are gone within the timeout
   */
  boolean stop(Duration timeout) {
    try {
      lifeline.close();
    } catch (IOException e) {
      // The supervisor is gone already: the pipe is closed either way.
    }
    try {
      boolean exited = supervisor.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
      return exited && ProcessState.awaitExit(serverPid, Duration.ofSeconds(5));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /**
   * Last resort after a failed {@link #stop}: the supervisor is killed, the server is not touched.
   */
  void abandonSupervisor() {
    supervisor.destroyForcibly();
  }
}
