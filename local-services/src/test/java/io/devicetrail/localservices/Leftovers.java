package io.devicetrail.localservices;

import java.io.IOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** What a stopped service may have left behind: processes and listening ports. */
final class Leftovers {

  private Leftovers() {}

  /** The processes whose command line names something inside {@code dir}. */
  static List<String> processesMentioning(Path dir) throws IOException {
    String needle = dir.toAbsolutePath().normalize().toString();
    try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
      return procs
          .filter(p -> p.getFileName().toString().matches("\\d+"))
          .filter(p -> ProcessState.isRunning(Long.parseLong(p.getFileName().toString())))
          .map(p -> p.getFileName() + " " + commandLine(p))
          .filter(line -> line.contains(needle))
          .toList();
    }
  }

  static boolean acceptsConnections(int port) {
    try (Socket socket = new Socket(PortBook.LOOPBACK, port)) {
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  private static String commandLine(Path proc) {
    try {
      return new String(Files.readAllBytes(proc.resolve("cmdline")), StandardCharsets.UTF_8)
          .replace('\0', ' ');
    } catch (IOException e) {
      return "";
    }
  }
}
