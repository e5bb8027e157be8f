package io.devicetrail.localservices;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.nio.file.attribute.UserPrincipalNotFoundException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The OS account the PostgreSQL server runs as. PostgreSQL refuses to run as root, so a root JVM
 * runs it as the {@code postgres} user (through {@code runuser}); any other user runs it directly.
 */
final class ServerAccount {

  static final String POSTGRES_USER = "postgres";

  private static final Logger LOG = LoggerFactory.getLogger(ServerAccount.class);

  /** Null when the server runs as the current user. */
  private final UserPrincipal switchTo;

  private ServerAccount(UserPrincipal switchTo) {
    this.switchTo = switchTo;
  }

  static ServerAccount detect() {
    if (!isRoot()) {
      return new ServerAccount(null);
    }
    try {
      UserPrincipal postgres =
          Path.of("/")
              .getFileSystem()
              .getUserPrincipalLookupService()
              .lookupPrincipalByName(POSTGRES_USER);
      return new ServerAccount(postgres);
    } catch (UserPrincipalNotFoundException e) {
      throw new IllegalStateException(
          "Running as root, PostgreSQL needs the OS user 'postgres', which does not exist."
              + " Run scripts/prerequisites.sh (installing postgresql-15 creates it).");
    } catch (IOException e) {
      throw new IllegalStateException("Cannot look up the OS user 'postgres'", e);
    }
  }

  boolean switchesUser() {
    return switchTo != null;
  }

  /** The command as this account runs it. */
  List<String> command(List<String> command) {
    if (switchTo == null) {
      return command;
    }
    List<String> wrapped = new ArrayList<>(List.of("runuser", "-u", POSTGRES_USER, "--"));
    wrapped.addAll(command);
    return wrapped;
  }

  /** Creates the directory if needed, private to the server account (initdb insists on 0700). */
  void ownDirectory(Path dir) throws IOException {
    Files.createDirectories(dir);
    Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
    own(dir);
  }

  void own(Path path) throws IOException {
    if (switchTo != null && !Files.getOwner(path).equals(switchTo)) {
      Files.setOwner(path, switchTo);
    }
  }

  /**
   * Lets the server account reach {@code dir} by adding the traverse bit (not the read bit) to
   * those of its parents that lack it; JUnit's temporary directories, for one, are private to their
   * owner.
   */
  void makeReachable(Path dir) throws IOException {
    if (switchTo == null) {
      return;
    }
    for (Path p = dir.toAbsolutePath().normalize(); p != null; p = p.getParent()) {
      Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(p);
      if (!permissions.contains(PosixFilePermission.OTHERS_EXECUTE)) {
        permissions.add(PosixFilePermission.OTHERS_EXECUTE);
        Files.setPosixFilePermissions(p, permissions);
        LOG.info("Made {} traversable for the '{}' user that runs PostgreSQL", p, POSTGRES_USER);
      }
    }
  }

  private static boolean isRoot() {
    try {
      // /proc/self belongs to the user this process runs as.
      return ((Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid")) == 0;
    } catch (IOException | UnsupportedOperationException | ClassCastException e) {
      return "root".equals(System.getProperty("user.name"));
    }
  }
}
