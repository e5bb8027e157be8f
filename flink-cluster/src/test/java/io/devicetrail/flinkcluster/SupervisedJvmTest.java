package io.devicetrail.flinkcluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A cluster process does not outlive the JVM that started it, even when that JVM is killed with
 * SIGKILL and runs no shutdown hook: the supervising shell notices its pipe close and stops it.
 */
class SupervisedJvmTest {

  @TempDir Path dir;

  /** Started as a child JVM: supervises a long sleep, prints its pid, waits to be killed. */
  public static void main(String[] args) throws Exception {
    SupervisedJvm sleeper =
        SupervisedJvm.start(
            "sleeper",
            List.of("sleep", "600"),
            Map.of(),
            Path.of(args[0]).resolve("sleeper.out"),
            Duration.ofSeconds(5));
    System.out.println("READY " + sleeper.pid());
    System.out.flush();
    Thread.sleep(Duration.ofMinutes(10).toMillis());
  }

  @Test
  void aSupervisedProcessStopsWhenItsStarterIsKilledWithSigkill() throws Exception {
    String classPath =
        System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    Process starter =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                classPath,
                SupervisedJvmTest.class.getName(),
                dir.toString())
            .redirectErrorStream(true)
            .start();
    long sleeper;
    try (BufferedReader out =
        new BufferedReader(
            new InputStreamReader(starter.getInputStream(), StandardCharsets.UTF_8))) {
      String line = out.readLine();
      while (line != null && !line.startsWith("READY ")) {
        line = out.readLine();
      }
      assertThat(line).as("the child JVM's ready line").isNotNull();
      sleeper = Long.parseLong(line.substring("READY ".length()).strip());
      assertThat(running(sleeper)).isTrue();

      starter.destroyForcibly(); // SIGKILL: no shutdown hook runs
      starter.waitFor(10, TimeUnit.SECONDS);
    }

    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while (running(sleeper) && System.nanoTime() < deadline) {
      Thread.sleep(50);
    }
    assertThat(running(sleeper))
        .as("the supervised process after its starter was killed")
        .isFalse();
  }

  private static boolean running(long pid) {
    return ProcessHandle.of(pid).isPresent() && isNotZombie(pid);
  }

  private static boolean isNotZombie(long pid) {
    try {
      String stat = java.nio.file.Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
      char state = stat.substring(stat.lastIndexOf(')') + 1).strip().charAt(0);
      return state != 'Z' && state != 'X';
    } catch (java.io.IOException e) {
      return false;
    }
  }
}
