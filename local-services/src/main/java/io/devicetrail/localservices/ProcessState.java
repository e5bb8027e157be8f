package io.devicetrail.localservices;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/** What /proc says about a process that is not necessarily our child. */
final class ProcessState {

  private ProcessState() {}

  /** True while the process runs; a zombie waiting for its parent counts as gone. */
  static boolean isRunning(long pid) {
    if (!Files.isDirectory(Path.of("/proc"))) {
      return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
    }
    try {
      String line = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
      // Format: "pid (comm) S ...": the state follows the last ')' since comm may contain one.
      char state = line.substring(line.lastIndexOf(')') + 1).strip().charAt(0);
      return state != 'Z' && state != 'X';
    } catch (IOException e) {
      return false; // no such process
    }
  }

  /** The command line with arguments separated by spaces, or "" when it cannot be read. */
  static String commandLine(long pid) {
    try {
      byte[] raw = Files.readAllBytes(Path.of("/proc", Long.toString(pid), "cmdline"));
      return new String(raw, StandardCharsets.UTF_8).replace('\0', ' ').strip();
    } catch (IOException e) {
      return "";
    }
  }

  /** Waits until the process is gone; true if it went within the timeout. */
  static boolean awaitExit(long pid, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (isRunning(pid)) {
      if (System.nanoTime() > deadline) {
        return false;
      }
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return !isRunning(pid);
      }
    }
    return true;
  }
}
