package io.devicetrail.localservices;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;

/**
 * Chooses loopback ports for one service and remembers them in its data dir, so that a restart on
 * the same data dir comes back on the same addresses whenever they are still free.
 */
final class PortBook {

  static final String FILE_NAME = "ports.properties";
  static final InetAddress LOOPBACK = loopback();

  /**
   * Ports handed out in this JVM and the book that took them: parallel starts must not share one.
   */
  private static final Map<Integer, Path> HANDED_OUT = new HashMap<>();

  private final Path file;
  private final Properties ports = new Properties();

  private PortBook(Path file) {
    this.file = file;
  }

  static PortBook in(Path dataDir) throws IOException {
    PortBook book = new PortBook(dataDir.toAbsolutePath().normalize().resolve(FILE_NAME));
    if (Files.exists(book.file)) {
      try (InputStream in = Files.newInputStream(book.file)) {
        book.ports.load(in);
      }
    }
    return book;
  }

  /** The port this name had last time if it is free now, else a fresh free port. */
  int choose(String name) {
    synchronized (HANDED_OUT) {
      String last = ports.getProperty(name);
      if (last != null) {
        int port = Integer.parseInt(last.trim());
        if (isOursToTake(name, port) && isFree(port)) {
          return take(name, port);
        }
      }
      return chooseFresh(name);
    }
  }

  /** A fresh free port, ignoring the remembered one (used after a lost race for it). */
  int chooseFresh(String name) {
    synchronized (HANDED_OUT) {
      while (true) {
        int port = anyFreePort();
        if (isOursToTake(name, port)) {
          return take(name, port);
        }
      }
    }
  }

  /** An explicitly requested port: it must be free, there is no fallback. */
  int require(String name, int port) {
    synchronized (HANDED_OUT) {
      if (!isOursToTake(name, port) || !isFree(port)) {
        throw new IllegalStateException(
            "Port " + port + " requested for " + name + " is already in use on 127.0.0.1");
      }
      return take(name, port);
    }
  }

  /** Remembers the ports chosen so far for the next start. */
  void save() throws IOException {
    Path tmp = file.resolveSibling(FILE_NAME + ".tmp");
    try (OutputStream out = Files.newOutputStream(tmp)) {
      ports.store(out, "Loopback ports last used by this service; the next start prefers them.");
    }
    Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }

  static boolean isFree(int port) {
    try (ServerSocket socket = new ServerSocket()) {
      // Servers bind with SO_REUSEADDR, so a port with only TIME_WAIT connections counts as free.
      socket.setReuseAddress(true);
      socket.bind(new InetSocketAddress(LOOPBACK, port));
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  /** Not handed to another book, nor to another name of this one (Kafka takes two ports). */
  private boolean isOursToTake(String name, int port) {
    Path owner = HANDED_OUT.get(port);
    if (owner == null) {
      return true;
    }
    return owner.equals(file)
        && ports.stringPropertyNames().stream()
            .filter(other -> !other.equals(name))
            .noneMatch(other -> ports.getProperty(other).trim().equals(Integer.toString(port)));
  }

  private int take(String name, int port) {
    HANDED_OUT.put(port, file);
    ports.setProperty(name, Integer.toString(port));
    return port;
  }

  private static int anyFreePort() {
    try (ServerSocket socket = new ServerSocket(0, 1, LOOPBACK)) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException("No free port on 127.0.0.1", e);
    }
  }

  private static InetAddress loopback() {
    try {
      return InetAddress.getByAddress("127.0.0.1", new byte[] {127, 0, 0, 1});
    } catch (UnknownHostException e) {
      throw new IllegalStateException(e);
    }
  }
}
