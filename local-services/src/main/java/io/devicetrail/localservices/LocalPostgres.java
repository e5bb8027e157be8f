package io.devicetrail.localservices;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real PostgreSQL 15 server on 127.0.0.1, its cluster in a data dir of ours.
 *
 * <p>Layout of the data dir: {@code pgdata/} (the cluster), {@code run/} (the Unix socket), {@code
 * .pgpass} (the superuser's generated password, in libpq's password-file format), {@code
 * postgres.log} and {@code ports.properties}. A second start on the same data dir reuses the
 * cluster, the password and, if free, the port.
 *
 * <p>The server stops on {@link #close()}, and also when the JVM that started it dies, even by kill
 * -9 (see {@link SupervisedPostmaster}).
 *
 * <pre>{@code
 * try (LocalPostgres postgres = LocalPostgres.start(dir, PostgresOptions.fastForTests())) {
 *   postgres.createDatabaseIfMissing("support");
 *   try (Connection c = postgres.connect("support")) { ... }
 * }
 * }</pre>
 */
public final class LocalPostgres implements AutoCloseable {

  public static final String HOST = "127.0.0.1";
  public static final String SUPERUSER = "postgres";

  private static final Logger LOG = LoggerFactory.getLogger(LocalPostgres.class);
  private static final Pattern DATABASE_NAME = Pattern.compile("[a-z_][a-z0-9_]{0,62}");
  private static final Duration START_TIMEOUT = Duration.ofSeconds(60);
  private static final Duration STOP_TIMEOUT = Duration.ofSeconds(60);
  private static final int MAX_PORT_ATTEMPTS = 3;
  private static final int UNIX_SOCKET_PATH_LIMIT = 107;

  private final Path dataDir;
  private final PostgresBinaries binaries;
  private final ServerAccount account;
  private final int port;
  private final String password;
  private final SupervisedPostmaster postmaster;
  private final AtomicBoolean closed = new AtomicBoolean();

  private LocalPostgres(
      Path dataDir,
      PostgresBinaries binaries,
      ServerAccount account,
      int port,
      String password,
      SupervisedPostmaster postmaster) {
    this.dataDir = dataDir;
    this.binaries = binaries;
    this.account = account;
    this.port = port;
    this.password = password;
    this.postmaster = postmaster;
  }

  /** Starts a durable server (PostgreSQL's default flushing). */
  public static LocalPostgres start(Path dataDir) throws IOException {
    return start(dataDir, PostgresOptions.durable());
  }

  /**
   * Creates the cluster if {@code dataDir} has none yet, then starts the server and waits until it
   * accepts a login.
   *
   * @throws IllegalStateException if PostgreSQL 15 is not installed
   * @throws IOException if the server cannot be set up or does not come up
   */
  public static LocalPostgres start(Path dataDir, PostgresOptions options) throws IOException {
    long started = System.nanoTime();
    PostgresBinaries binaries = PostgresBinaries.locate();
    ServerAccount account = ServerAccount.detect();
    Path dir = dataDir.toAbsolutePath().normalize();
    Files.createDirectories(dir);
    account.makeReachable(dir);
    Path pgData = dir.resolve("pgdata");
    account.ownDirectory(dir.resolve("run"));

    LeftoverPostmaster.stopIfRunning(pgData, binaries, account);
    String password =
        Files.exists(pgData.resolve("PG_VERSION"))
            ? readPassword(dir)
            : createCluster(dir, binaries, account, options);

    PortBook ports = PortBook.in(dir);
    boolean fixedPort = options.port().isPresent();
    int port =
        fixedPort ? ports.require("postgres", options.port().getAsInt()) : ports.choose("postgres");
    for (int attempt = 1; ; attempt++) {
      Path log = dir.resolve("postgres.log");
      long logOffset = Files.exists(log) ? Files.size(log) : 0;
      SupervisedPostmaster postmaster =
          SupervisedPostmaster.start(account, serverCommand(dir, binaries, options, port), log);
      LocalPostgres postgres =
          new LocalPostgres(dir, binaries, account, port, password, postmaster);
      try {
        postgres.awaitReady(logOffset);
        ports.save();
        LOG.info(
            "PostgreSQL 15 ready on {}:{} in {} ms (pid {}, {}, data {})",
            HOST,
            port,
            Duration.ofNanos(System.nanoTime() - started).toMillis(),
            postmaster.pid(),
            options,
            pgData);
        return postgres;
      } catch (PortTakenException e) {
        postgres.close();
        if (fixedPort || attempt == MAX_PORT_ATTEMPTS) {
          throw new IOException("PostgreSQL could not bind " + HOST + ":" + port, e);
        }
        LOG.info("Port {} was taken meanwhile; PostgreSQL tries another one", port);
        port = ports.chooseFresh("postgres");
      } catch (IOException | RuntimeException e) {
        postgres.close();
        throw e;
      }
    }
  }

  /** {@code jdbc:postgresql://127.0.0.1:<port>/<database>}. */
  public String jdbcUrl(String database) {
    return "jdbc:postgresql://" + HOST + ":" + port + "/" + database;
  }

  public String user() {
    return SUPERUSER;
  }

  public String password() {
    return password;
  }

  public String host() {
    return HOST;
  }

  public int port() {
    return port;
  }

  public Path dataDir() {
    return dataDir;
  }

  /** The libpq password file holding the superuser's password; psql reads it via PGPASSFILE. */
  public Path passwordFile() {
    return dataDir.resolve(".pgpass");
  }

  /** The process id of the postmaster. */
  public long pid() {
    return postmaster.pid();
  }

  /** A new connection as the superuser; the caller closes it. */
  public Connection connect(String database) throws SQLException {
    Properties properties = new Properties();
    properties.setProperty("user", SUPERUSER);
    properties.setProperty("password", password);
    properties.setProperty("connectTimeout", "5");
    properties.setProperty("ApplicationName", "devicetrail-local-services");
    // The driver class directly: DriverManager does not see drivers of other class loaders.
    Connection connection = new org.postgresql.Driver().connect(jdbcUrl(database), properties);
    if (connection == null) {
      throw new SQLException("The PostgreSQL driver refused " + jdbcUrl(database));
    }
    return connection;
  }

  /**
   * Creates the database unless it exists.
   *
   * @param name lower-case letters, digits and underscores, as PostgreSQL folds unquoted names
   */
  public void createDatabaseIfMissing(String name) throws SQLException {
    if (!DATABASE_NAME.matcher(name).matches()) {
      throw new IllegalArgumentException(
          "Database name must match " + DATABASE_NAME.pattern() + ", was '" + name + "'");
    }
    try (Connection connection = connect("postgres")) {
      try (PreparedStatement exists =
          connection.prepareStatement("SELECT 1 FROM pg_database WHERE datname = ?")) {
        exists.setString(1, name);
        try (ResultSet rows = exists.executeQuery()) {
          if (rows.next()) {
            return;
          }
        }
      }
      try (Statement create = connection.createStatement()) {
        create.execute("CREATE DATABASE \"" + name + "\"");
        LOG.info("Created PostgreSQL database {}", name);
      } catch (SQLException e) {
        if (!"42P04".equals(e.getSQLState())) { // duplicate_database: created concurrently
          throw e;
        }
      }
    }
  }

  /** The databases a user may connect to, template databases excepted, sorted by name. */
  public List<String> databases() throws SQLException {
    List<String> names = new ArrayList<>();
    try (Connection connection = connect("postgres");
        Statement query = connection.createStatement();
        ResultSet rows =
            query.executeQuery(
                "SELECT datname FROM pg_database WHERE NOT datistemplate ORDER BY datname")) {
      while (rows.next()) {
        names.add(rows.getString(1));
      }
    }
    return names;
  }

  /**
   * A psql command line to paste into a shell. The password is not in it: psql reads it from {@link
   * #passwordFile()}.
   */
  public String psqlCommand(String database) {
    return "PGPASSFILE="
        + shellQuote(passwordFile().toString())
        + " "
        + binaries.psql()
        + " -h "
        + HOST
        + " -p "
        + port
        + " -U "
        + SUPERUSER
        + " -d "
        + shellQuote(database);
  }

  /** Fast shutdown: open transactions are rolled back, the rest is checkpointed. Idempotent. */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    if (postmaster.stop(STOP_TIMEOUT)) {
      LOG.info("PostgreSQL on {}:{} stopped", HOST, port);
      return;
    }
    LOG.warn("PostgreSQL on {}:{} did not stop in time; stopping it immediately", HOST, port);
    try {
      Commands.run(
          "pg_ctl stop -m immediate",
          account.command(
              List.of(
                  binaries.pgCtl(),
                  "stop",
                  "-D",
                  dataDir.resolve("pgdata").toString(),
                  "-m",
                  "immediate",
                  "-w")),
          Duration.ofSeconds(20));
    } catch (IOException e) {
      LOG.error("PostgreSQL pid {} could not be stopped: {}", postmaster.pid(), e.getMessage());
    }
    postmaster.abandonSupervisor();
  }

  private void awaitReady(long logOffset) throws IOException {
    long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
    while (true) {
      if (!postmaster.isRunning()) {
        String log = logSince(logOffset);
        if (log.contains("could not bind") || log.contains("Address already in use")) {
          throw new PortTakenException();
        }
        throw new IOException("PostgreSQL exited during start-up:\n" + log);
      }
      try (Connection ignored = connect("postgres")) {
        return;
      } catch (SQLException e) {
        if ("28P01".equals(e.getSQLState())) { // invalid_password
          throw new IOException(
              "The password in "
                  + passwordFile()
                  + " does not match the cluster in "
                  + dataDir.resolve("pgdata"));
        }
        if (System.nanoTime() > deadline) {
          throw new IOException(
              "PostgreSQL did not accept connections within "
                  + START_TIMEOUT.toSeconds()
                  + " s ("
                  + e.getMessage()
                  + "):\n"
                  + logSince(logOffset));
        }
      }
      sleep(Duration.ofMillis(50));
    }
  }

  private String logSince(long offset) {
    try (RandomAccessFile file =
        new RandomAccessFile(dataDir.resolve("postgres.log").toFile(), "r")) {
      long length = file.length();
      long from = Math.max(offset, length - 8192); // the end is what explains a failure
      byte[] bytes = new byte[(int) (length - from)];
      file.seek(from);
      file.readFully(bytes);
      return new String(bytes, StandardCharsets.UTF_8).strip();
    } catch (IOException e) {
      return "(no log: " + e.getMessage() + ")";
    }
  }

  private static String createCluster(
      Path dir, PostgresBinaries binaries, ServerAccount account, PostgresOptions options)
      throws IOException {
    Path pgData = dir.resolve("pgdata");
    if (Files.exists(pgData)) {
      // No PG_VERSION: an initdb that was interrupted. Nothing in it is usable.
      LOG.warn("Removing the incomplete PostgreSQL cluster in {}", pgData);
      deleteRecursively(pgData);
    }
    account.ownDirectory(pgData);
    // The password file is written first, so that a cluster never exists without it.
    String password = Secrets.newToken(32);
    Secrets.writePrivately(
        dir.resolve(".pgpass"), HOST + ":*:*:" + SUPERUSER + ":" + password + "\n");
    Path passwordForInitdb = dir.resolve("run").resolve("initdb-password");
    try {
      Secrets.writePrivately(passwordForInitdb, password + "\n");
      account.own(passwordForInitdb);
      List<String> initdb =
          new ArrayList<>(
              List.of(
                  binaries.initdb(),
                  "-D",
                  pgData.toString(),
                  "-U",
                  SUPERUSER,
                  "--pwfile=" + passwordForInitdb,
                  "--auth=scram-sha-256",
                  "--encoding=UTF8",
                  "--locale=C",
                  "--no-instructions"));
      if (!options.isDurable()) {
        initdb.add("--no-sync");
      }
      Commands.run("initdb", account.command(initdb), Duration.ofMinutes(2));
    } finally {
      Files.deleteIfExists(passwordForInitdb);
    }
    LOG.info("Created a PostgreSQL 15 cluster in {}", pgData);
    return password;
  }

  private static String readPassword(Path dir) throws IOException {
    Path pgpass = dir.resolve(".pgpass");
    if (!Files.exists(pgpass)) {
      throw new IOException(
          "The PostgreSQL cluster in "
              + dir.resolve("pgdata")
              + " has no password file "
              + pgpass
              + "; restore it or remove the data dir to start afresh");
    }
    String line = Files.readAllLines(pgpass).get(0);
    return line.substring(line.lastIndexOf(':') + 1).strip();
  }

  private static List<String> serverCommand(
      Path dir, PostgresBinaries binaries, PostgresOptions options, int port) {
    Path socketDir = dir.resolve("run");
    // A Unix socket path longer than the kernel's limit fails the start; TCP alone is enough for
    // us.
    boolean socketFits =
        socketDir.resolve(".s.PGSQL." + port).toString().length() <= UNIX_SOCKET_PATH_LIMIT;
    List<String> command =
        new ArrayList<>(
            List.of(
                binaries.postgres(),
                "-D",
                dir.resolve("pgdata").toString(),
                "-p",
                Integer.toString(port),
                "-c",
                "listen_addresses=" + HOST,
                "-c",
                "unix_socket_directories=" + (socketFits ? socketDir.toString() : ""),
                "-c",
                "timezone=UTC",
                "-c",
                "logging_collector=off"));
    if (!options.isDurable()) {
      for (String setting :
          List.of("fsync=off", "synchronous_commit=off", "full_page_writes=off")) {
        command.add("-c");
        command.add(setting);
      }
    }
    return command;
  }

  private static String shellQuote(String text) {
    return text.matches("[A-Za-z0-9_./:=@%+-]+") ? text : "'" + text.replace("'", "'\\''") + "'";
  }

  private static void deleteRecursively(Path root) throws IOException {
    try (Stream<Path> paths = Files.walk(root)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }

  private static void sleep(Duration duration) throws IOException {
    try {
      Thread.sleep(duration.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("Interrupted while waiting for PostgreSQL", e);
    }
  }

  /** The server could not bind its port: someone took it between our check and its start. */
  private static final class PortTakenException extends IOException {
    PortTakenException() {
      super("port taken");
    }
  }
}
