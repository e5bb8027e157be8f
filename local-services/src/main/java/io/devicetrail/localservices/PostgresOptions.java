package io.devicetrail.localservices;

import java.util.OptionalInt;

/**
 * How {@link LocalPostgres} runs the server. Immutable; start from {@link #durable()} or {@link
 * #fastForTests()}.
 */
public final class PostgresOptions {

  private final boolean durable;
  private final OptionalInt port;

  private PostgresOptions(boolean durable, OptionalInt port) {
    this.durable = durable;
    this.port = port;
  }

  /** PostgreSQL's own defaults: every commit is flushed to disk. For the local run. */
  public static PostgresOptions durable() {
    return new PostgresOptions(true, OptionalInt.empty());
  }

  /**
   * fsync, synchronous_commit and full_page_writes off: several times faster, and still safe when
   * the server or the JVM is killed; only an OS crash or power loss can lose or corrupt data. For
   * tests.
   */
  public static PostgresOptions fastForTests() {
    return new PostgresOptions(false, OptionalInt.empty());
  }

  /**
   * A fixed port. Without it the port used last time on the same data dir is preferred, else any
   * free one; with it the start fails if the port is taken.
   */
  public PostgresOptions withPort(int port) {
    if (port < 1 || port > 65535) {
      throw new IllegalArgumentException("port must be within 1..65535, was " + port);
    }
    return new PostgresOptions(durable, OptionalInt.of(port));
  }

  public boolean isDurable() {
    return durable;
  }

  public OptionalInt port() {
    return port;
  }

  @Override
  public String toString() {
    return (durable ? "durable" : "fast (fsync off)")
        + (port.isPresent() ? ", port " + port.getAsInt() : "");
  }
}
