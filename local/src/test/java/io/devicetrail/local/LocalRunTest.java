package io.devicetrail.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The README's first command, short: the simulated history replays fast, then device time runs at
 * the wall clock's pace and the poller switches to its adaptive schedule; the console shows
 * progress (with the warehouse and the lag) and nothing else — no ERROR, no stack trace.
 */
class LocalRunTest {

  private static final Pattern PROGRESS =
      Pattern.compile(
          "warehouse: hourly ([0-9,]+) \\(([0-9,]+) provisional, ([0-9,]+) revised\\),"
              + " daily ([0-9,]+) .*\\| lag (\\S+)$");

  @TempDir Path dir;

  @Test
  void replaysTheHistoryThenRunsAtTheWallClocksPaceWithAQuietConsole() {
    ByteArrayOutputStream console = new ByteArrayOutputStream();
    int exit;
    try (PrintStream out = new PrintStream(console, true, StandardCharsets.UTF_8)) {
      exit =
          new CommandLine(new LocalRun(out))
              .execute(
                  "--duration", "70s",
                  "--devices", "40",
                  "--history", "6h",
                  "--replay", "20s",
                  "--parallelism", "1",
                  "--web-port", "0",
                  "--data-dir", dir.resolve("run").toString(),
                  "--plugins-dir", "target/plugins");
    }
    String text = console.toString(StandardCharsets.UTF_8);
    assertThat(exit).as(text).isZero();
    assertThat(text)
        .as("the switch to the adaptive schedule")
        .contains("device time has caught up with the wall clock");
    assertThat(text).doesNotContain("ERROR").doesNotContain("Exception").doesNotContain("\tat ");

    List<String> progress = text.lines().filter(l -> l.contains(" | warehouse: ")).toList();
    assertThat(progress).as(text).hasSizeGreaterThan(5);
    Matcher last = PROGRESS.matcher(progress.get(progress.size() - 1));
    assertThat(last.find()).as(progress.get(progress.size() - 1)).isTrue();
    assertThat(number(last.group(1))).as("hourly rows").isPositive();
    assertThat(number(last.group(4))).as("daily rows").isPositive();
    assertThat(last.group(5))
        .as("the newest reading that reached the support database is minutes old, not days")
        .matches("[0-9]+s|[0-9]+m[0-9]{2}s");
  }

  private static long number(String figure) {
    return Long.parseLong(figure.replace(",", ""));
  }
}
