package io.devicetrail.web;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Debian's headless Chromium driven from the command line: the DOM as the browser built it ({@code
 * --dump-dom}) and a screenshot. Each call uses a fresh profile, so cookies never carry over
 * between calls; the process and its children are killed if it overruns.
 */
final class Chromium {

  static final Path BINARY = Path.of("/usr/bin/chromium");
  private static final long TIMEOUT_S = 40;

  private Chromium() {}

  static String dumpDom(String url) throws Exception {
    return new String(run(List.of("--dump-dom", url)), StandardCharsets.UTF_8);
  }

  static void screenshot(String url, Path png) throws Exception {
    Files.createDirectories(png.getParent());
    Files.deleteIfExists(png);
    run(List.of("--screenshot=" + png.toAbsolutePath(), "--window-size=1280,1600", url));
    if (!Files.isRegularFile(png) || Files.size(png) == 0) {
      throw new IllegalStateException("chromium wrote no screenshot to " + png);
    }
  }

  private static byte[] run(List<String> args) throws Exception {
    Path profile = Files.createTempDirectory("devicetrail-chromium-");
    List<String> command =
        new ArrayList<>(
            List.of(
                BINARY.toString(),
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--disable-dev-shm-usage",
                "--hide-scrollbars",
                "--user-data-dir=" + profile));
    command.addAll(args);
    Path stderr = profile.resolveSibling(profile.getFileName() + ".log");
    Process p = new ProcessBuilder(command).redirectError(stderr.toFile()).start();
    try {
      byte[] out = p.getInputStream().readAllBytes();
      if (!p.waitFor(TIMEOUT_S, TimeUnit.SECONDS)) {
        throw new IllegalStateException("chromium did not finish in " + TIMEOUT_S + " s");
      }
      if (p.exitValue() != 0) {
        throw new IllegalStateException(
            "chromium exited with " + p.exitValue() + ": " + Files.readString(stderr));
      }
      return out;
    } finally {
      p.descendants().forEach(ProcessHandle::destroyForcibly);
      p.destroyForcibly();
      p.waitFor(10, TimeUnit.SECONDS);
      deleteTree(profile);
      Files.deleteIfExists(stderr);
    }
  }

  private static void deleteTree(Path dir) throws IOException {
    try (Stream<Path> paths = Files.walk(dir)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }
}
