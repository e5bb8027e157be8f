package io.devicetrail.connectors.postgres;

import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;

/**
 * Where a database password comes from. Environment variables and files are read when a connection
 * is opened, on the machine that opens it, so the secret itself never travels in the job graph.
 * {@link #toString()} names the source, never the secret.
 */
public final class PostgresPassword implements Serializable {

  private static final long serialVersionUID = 1L;

  private enum Source {
    NONE,
    GIVEN,
    ENVIRONMENT,
    FILE
  }

  private final Source source;
  // The password itself for GIVEN, the variable name for ENVIRONMENT, the path for FILE.
  private final String reference;

  private PostgresPassword(Source source, String reference) {
    this.source = source;
    this.reference = reference;
  }

  /** No password: the server trusts the connection or the driver finds one (~/.pgpass). */
  public static PostgresPassword none() {
    return new PostgresPassword(Source.NONE, null);
  }

  /**
   * The password itself, for local runs and tests. It is serialized with the job: in production,
   * prefer {@link #fromEnvironment} or {@link #fromFile}.
   */
  public static PostgresPassword of(String password) {
    return new PostgresPassword(Source.GIVEN, Objects.requireNonNull(password, "password"));
  }

  /** The value of an environment variable of the process that opens the connection. */
  public static PostgresPassword fromEnvironment(String variable) {
    return new PostgresPassword(
        Source.ENVIRONMENT, Objects.requireNonNull(variable, "variable cannot be null"));
  }

  /** The first line of a file on the machine that opens the connection (a mounted secret). */
  public static PostgresPassword fromFile(Path file) {
    return new PostgresPassword(
        Source.FILE, Objects.requireNonNull(file, "file cannot be null").toString());
  }

  /**
   * Reads the password now; null for {@link #none()}.
   *
   * @throws IllegalStateException when the variable is unset or the file unreadable
   */
  public String resolve() {
    switch (source) {
      case NONE:
        return null;
      case GIVEN:
        return reference;
      case ENVIRONMENT:
        String value = System.getenv(reference);
        if (value == null) {
          throw new IllegalStateException(
              "Environment variable " + reference + " with the database password is not set");
        }
        return value;
      case FILE:
        return firstLineOf(Path.of(reference));
      default:
        throw new AssertionError(source);
    }
  }

  private static String firstLineOf(Path file) {
    try {
      String content = Files.readString(file, StandardCharsets.UTF_8);
      int lineEnd = content.indexOf('\n');
      String line = lineEnd < 0 ? content : content.substring(0, lineEnd);
      return line.endsWith("\r") ? line.substring(0, line.length() - 1) : line;
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read the database password file " + file, e);
    }
  }

  @Override
  public String toString() {
    switch (source) {
      case NONE:
        return "none";
      case GIVEN:
        return "given";
      case ENVIRONMENT:
        return "from environment variable " + reference;
      case FILE:
        return "from file " + reference;
      default:
        throw new AssertionError(source);
    }
  }
}
