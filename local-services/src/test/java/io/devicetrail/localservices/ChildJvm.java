package io.devicetrail.localservices;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** A second JVM running a main class of these tests, which prints "READY ..." once it is up. */
final class ChildJvm implements AutoCloseable {

  private final Process process;
  private final CompletableFuture<String> ready = new CompletableFuture<>();
  private final List<String> output = new ArrayList<>();

  private ChildJvm(Process process) {
    this.process = process;
    Thread reader = new Thread(this::readOutput, "child-jvm-output");
    reader.setDaemon(true);
    reader.start();
  }

  static ChildJvm start(Class<?> main, String... args) throws IOException {
    // Under Surefire java.class.path may be a manifest-only booter jar; the real path is here.
    String classPath =
        System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-cp");
    command.add(classPath);
    command.add(main.getName());
    command.addAll(List.of(args));
    return new ChildJvm(new ProcessBuilder(command).redirectErrorStream(true).start());
  }

  /** The words after "READY" on the child's ready line. */
  String[] awaitReady() throws Exception {
    try {
      return ready.get(60, TimeUnit.SECONDS).split(" ");
    } catch (Exception e) {
      throw new AssertionError("The child JVM did not get ready. Its output:\n" + output(), e);
    }
  }

  long pid() {
    return process.pid();
  }

  Process process() {
    return process;
  }

  synchronized String output() {
    return String.join("\n", output);
  }

  @Override
  public void close() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor(10, TimeUnit.SECONDS);
  }

  private void readOutput() {
    try (BufferedReader in =
        new BufferedReader(
            new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = in.readLine()) != null) {
        synchronized (this) {
          output.add(line);
        }
        if (line.startsWith("READY ")) {
          ready.complete(line.substring("READY ".length()));
        }
      }
    } catch (IOException e) {
      // The child is gone.
    }
    ready.completeExceptionally(new IllegalStateException("The child JVM exited"));
  }
}
