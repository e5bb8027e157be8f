package io.devicetrail.localservices;

import java.io.IOException;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Kafka, S3 and PostgreSQL for one local run or one test JVM, each in its own sub-directory of a
 * data dir ({@code kafka/}, {@code s3/}, {@code postgres/}). They stop on {@link #close()}, on
 * Ctrl-C or a normal JVM exit (a shutdown hook), and PostgreSQL even when the JVM is killed.
 *
 * <pre>{@code
 * try (LocalServices services = LocalServices.start(Path.of("data"))) {
 *   System.out.println(services.describe());
 *   ...
 * }
 * }</pre>
 */
public final class LocalServices implements AutoCloseable {

  /** The bucket created in the local S3 server. */
  public static final String DEFAULT_BUCKET = "devicetrail";

  private static final Logger LOG = LoggerFactory.getLogger(LocalServices.class);

  private final Path dataDir;
  private final LocalKafka kafka;
  private final LocalS3 s3;
  private final LocalPostgres postgres;
  private final Thread shutdownHook;
  private final AtomicBoolean closed = new AtomicBoolean();

  private LocalServices(Path dataDir, LocalKafka kafka, LocalS3 s3, LocalPostgres postgres) {
    this.dataDir = dataDir;
    this.kafka = kafka;
    this.s3 = s3;
    this.postgres = postgres;
    this.shutdownHook = new Thread(this::closeFromHook, "local-services-shutdown");
  }

  /** Starts all three, PostgreSQL durable. */
  public static LocalServices start(Path dataDir) throws IOException {
    return start(dataDir, PostgresOptions.durable());
  }

  /**
   * Starts all three in parallel. If one fails, those already started are stopped again.
   *
   * @throws IOException if a service cannot be started
   */
  public static LocalServices start(Path dataDir, PostgresOptions postgresOptions)
      throws IOException {
    Path dir = dataDir.toAbsolutePath().normalize();
    AtomicInteger threads = new AtomicInteger();
    ExecutorService starter =
        Executors.newFixedThreadPool(
            3,
            task -> {
              Thread thread = new Thread(task, "local-services-start-" + threads.incrementAndGet());
              thread.setDaemon(true);
              return thread;
            });
    try {
      CompletableFuture<LocalKafka> kafka =
          CompletableFuture.supplyAsync(
              unchecked(() -> LocalKafka.start(dir.resolve("kafka"))), starter);
      CompletableFuture<LocalS3> s3 =
          CompletableFuture.supplyAsync(
              unchecked(() -> LocalS3.start(dir.resolve("s3"), DEFAULT_BUCKET)), starter);
      CompletableFuture<LocalPostgres> postgres =
          CompletableFuture.supplyAsync(
              unchecked(() -> LocalPostgres.start(dir.resolve("postgres"), postgresOptions)),
              starter);
      try {
        CompletableFuture.allOf(kafka, s3, postgres).join();
      } catch (CompletionException e) {
        closeStarted(List.of(kafka, s3, postgres));
        throw asIOException(e.getCause());
      }
      LocalServices services = new LocalServices(dir, kafka.join(), s3.join(), postgres.join());
      Runtime.getRuntime().addShutdownHook(services.shutdownHook);
      return services;
    } finally {
      starter.shutdown();
    }
  }

  /**
   * For callers that stop things in their own order on Ctrl-C (a job writing to these services must
   * stop before them): removes the JVM shutdown hook; the caller must call {@link #close()}.
   */
  public void removeShutdownHook() {
    try {
      Runtime.getRuntime().removeShutdownHook(shutdownHook);
    } catch (IllegalStateException e) {
      // The JVM is shutting down already.
    }
  }

  public LocalKafka kafka() {
    return kafka;
  }

  public LocalS3 s3() {
    return s3;
  }

  public LocalPostgres postgres() {
    return postgres;
  }

  public Path dataDir() {
    return dataDir;
  }

  /**
   * How a human reaches each store, one item per line: the Kafka bootstrap address, the S3
   * endpoint, bucket and access key (the secret stays in its file), and a JDBC URL and a psql
   * command per database.
   */
  public String describe() {
    List<String> lines = new ArrayList<>();
    lines.add("Kafka       bootstrap servers " + kafka.bootstrapServers());
    lines.add(
        "S3          endpoint "
            + s3.endpoint()
            + " (path-style, region "
            + LocalS3.REGION
            + "), bucket "
            + s3.bucket()
            + ", access key "
            + s3.accessKey()
            + ", secret key in "
            + s3.credentialsFile());
    lines.add(
        "PostgreSQL  user "
            + postgres.user()
            + ", password in "
            + postgres.passwordFile()
            + " (libpq password file)");
    List<String> databases;
    try {
      databases = postgres.databases();
    } catch (SQLException e) {
      databases = List.of("postgres");
    }
    for (String database : databases) {
      lines.add("  " + database + ": " + postgres.jdbcUrl(database));
      lines.add("  " + " ".repeat(database.length()) + "  " + postgres.psqlCommand(database));
    }
    lines.add("Data in " + dataDir);
    return String.join(System.lineSeparator(), lines);
  }

  /** Stops all three. Idempotent. */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    try {
      Runtime.getRuntime().removeShutdownHook(shutdownHook);
    } catch (IllegalStateException e) {
      // The JVM is shutting down already: this may even be the hook itself.
    }
    closeAll();
  }

  private void closeFromHook() {
    if (closed.compareAndSet(false, true)) {
      LOG.info("JVM exiting: stopping the local services");
      closeAll();
    }
  }

  private void closeAll() {
    // In parallel: on Ctrl-C every second counts.
    List<Thread> stoppers = new ArrayList<>();
    for (AutoCloseable service : List.<AutoCloseable>of(kafka, s3, postgres)) {
      Thread stopper = new Thread(() -> closeQuietly(service), "local-services-stop");
      stopper.start();
      stoppers.add(stopper);
    }
    for (Thread stopper : stoppers) {
      try {
        stopper.join();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  private static void closeQuietly(AutoCloseable service) {
    try {
      service.close();
    } catch (Exception e) {
      LOG.warn("Stopping {} reported: {}", service.getClass().getSimpleName(), e.toString());
    }
  }

  private static void closeStarted(List<CompletableFuture<? extends AutoCloseable>> services) {
    for (CompletableFuture<? extends AutoCloseable> service : services) {
      if (!service.isCompletedExceptionally()) {
        closeQuietly(service.join());
      }
    }
  }

  private static IOException asIOException(Throwable failure) {
    Throwable cause = failure instanceof StartFailure ? failure.getCause() : failure;
    if (cause instanceof IOException io) {
      return io;
    }
    return new IOException(cause.getMessage(), cause);
  }

  private interface Starter<T> {
    T start() throws IOException;
  }

  private static <T> java.util.function.Supplier<T> unchecked(Starter<T> starter) {
    return () -> {
      try {
        return starter.start();
      } catch (IOException e) {
        throw new StartFailure(e);
      }
    };
  }

  /** Carries a checked start failure through a CompletableFuture. */
  private static final class StartFailure extends RuntimeException {
    StartFailure(IOException cause) {
      super(cause);
    }
  }
}
