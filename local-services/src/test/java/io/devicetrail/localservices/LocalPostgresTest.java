package io.devicetrail.localservices;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalPostgresTest {

  @TempDir Path dir;

  @Test
  void aCreatedDatabaseAnswersQueriesOverJdbc() throws Exception {
    try (LocalPostgres postgres = LocalPostgres.start(dir, PostgresOptions.fastForTests())) {
      postgres.createDatabaseIfMissing("support");
      postgres.createDatabaseIfMissing("support"); // idempotent

      try (Connection connection =
              DriverManager.getConnection(
                  postgres.jdbcUrl("support"), postgres.user(), postgres.password());
          Statement statement = connection.createStatement();
          ResultSet row = statement.executeQuery("SELECT current_database(), version()")) {
        row.next();
        assertThat(row.getString(1)).isEqualTo("support");
        assertThat(row.getString(2)).startsWith("PostgreSQL 15");
      }
      assertThat(postgres.databases()).contains("postgres", "support");
    }
  }

  @Test
  void aWrongPasswordIsRefused() throws Exception {
    try (LocalPostgres postgres = LocalPostgres.start(dir, PostgresOptions.fastForTests())) {
      assertThatThrownBy(
              () -> DriverManager.getConnection(postgres.jdbcUrl("postgres"), "postgres", "wrong"))
          .isInstanceOfSatisfying(
              SQLException.class, e -> assertThat(e.getSQLState()).isEqualTo("28P01"));
    }
  }

  @Test
  void thePsqlCommandConnectsWithoutCarryingThePassword() throws Exception {
    try (LocalPostgres postgres = LocalPostgres.start(dir, PostgresOptions.fastForTests())) {
      String command = postgres.psqlCommand("postgres");
      assertThat(command).doesNotContain(postgres.password());

      Process psql =
          new ProcessBuilder("sh", "-c", command + " -tAc 'SELECT 6 * 7'")
              .redirectErrorStream(true)
              .start();
      String output = new String(psql.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertThat(psql.waitFor(20, TimeUnit.SECONDS)).isTrue();
      assertThat(output.strip()).isEqualTo("42");
    }
  }

  @Test
  void closeStopsTheServerAndLeavesNoProcessBehind() throws Exception {
    LocalPostgres postgres = LocalPostgres.start(dir, PostgresOptions.fastForTests());
    long pid = postgres.pid();
    int port = postgres.port();
    assertThat(Leftovers.acceptsConnections(port)).isTrue();

    postgres.close();

    assertThat(ProcessState.isRunning(pid)).isFalse();
    assertThat(Leftovers.acceptsConnections(port)).isFalse();
    assertThat(Leftovers.processesMentioning(dir)).isEmpty();
    assertThat(dir.resolve("pgdata/postmaster.pid")).doesNotExist();
  }

  @Test
  void aRestartOnTheSameDataDirKeepsRowsPasswordAndPort() throws Exception {
    int port;
    String password;
    try (LocalPostgres first = LocalPostgres.start(dir, PostgresOptions.fastForTests())) {
      first.createDatabaseIfMissing("keep");
      try (Connection c = first.connect("keep");
          Statement s = c.createStatement()) {
        s.execute("CREATE TABLE reading (device_id text PRIMARY KEY, rssi_dbm int)");
        s.execute("INSERT INTO reading VALUES ('dev-1', -80)");
      }
      port = first.port();
      password = first.password();
    }

    try (LocalPostgres second = LocalPostgres.start(dir, PostgresOptions.fastForTests())) {
      assertThat(second.port()).isEqualTo(port);
      assertThat(second.password()).isEqualTo(password);
      assertThat(queryRssi(second)).isEqualTo(-80);
    }
  }

  @Test
  void aRestartWhoseOldPortIsTakenMovesToAFreeOne() throws Exception {
    int oldPort;
    try (LocalPostgres first = LocalPostgres.start(dir, PostgresOptions.fastForTests())) {
      oldPort = first.port();
    }
    try (ServerSocket squatter = new ServerSocket()) {
      squatter.bind(new InetSocketAddress(PortBook.LOOPBACK, oldPort));
      try (LocalPostgres second = LocalPostgres.start(dir, PostgresOptions.fastForTests())) {
        assertThat(second.port()).isNotEqualTo(oldPort);
        assertThat(second.databases()).contains("postgres");
      }
    }
  }

  @Test
  void aServerLeftRunningByAnEarlierRunIsStoppedBeforeTheNextStart() throws Exception {
    LocalPostgres earlier = LocalPostgres.start(dir, PostgresOptions.fastForTests());
    earlier.createDatabaseIfMissing("kept");
    long orphanPid = earlier.pid();
    // Kill its supervisor shell: the server runs on with nobody to stop it, as after a kill -9 of
    // the whole process group.
    ProcessHandle supervisor = ProcessHandle.of(orphanPid).orElseThrow().parent().orElseThrow();
    supervisor.destroyForcibly();
    assertThat(ProcessState.awaitExit(supervisor.pid(), Duration.ofSeconds(5))).isTrue();
    assertThat(ProcessState.isRunning(orphanPid)).isTrue();

    try (LocalPostgres next = LocalPostgres.start(dir, PostgresOptions.fastForTests())) {
      assertThat(ProcessState.isRunning(orphanPid)).isFalse();
      assertThat(next.pid()).isNotEqualTo(orphanPid);
      assertThat(next.databases()).contains("kept");
    } finally {
      earlier.close();
    }
    assertThat(Leftovers.processesMentioning(dir)).isEmpty();
  }

  @Test
  void killingTheJvmWithSigkillTakesItsServerAlong() throws Exception {
    try (ChildJvm child = ChildJvm.start(PostgresChildMain.class, dir.toString())) {
      String[] ready = child.awaitReady();
      long serverPid = Long.parseLong(ready[0]);
      int port = Integer.parseInt(ready[1]);
      assertThat(Leftovers.acceptsConnections(port)).isTrue();

      child.process().destroyForcibly(); // SIGKILL: no shutdown hook runs

      assertThat(child.process().waitFor(10, TimeUnit.SECONDS)).isTrue();
      assertThat(ProcessState.awaitExit(serverPid, Duration.ofSeconds(10)))
          .as("postgres pid %d gone after kill -9 of its JVM", serverPid)
          .isTrue();
      assertThat(Leftovers.acceptsConnections(port)).isFalse();
      assertThat(awaitNoProcessMentioning(dir)).isEmpty();
    }
  }

  @Test
  void missingBinariesFailWithAnInstructionToRunThePrerequisites() {
    System.setProperty(PostgresBinaries.BIN_DIR_PROPERTY, dir.resolve("no-such-bin").toString());
    try {
      assertThatThrownBy(() -> LocalPostgres.start(dir))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("scripts/prerequisites.sh");
    } finally {
      System.clearProperty(PostgresBinaries.BIN_DIR_PROPERTY);
    }
  }

  private static int queryRssi(LocalPostgres postgres) throws SQLException {
    try (Connection c = postgres.connect("keep");
        Statement s = c.createStatement();
        ResultSet row = s.executeQuery("SELECT rssi_dbm FROM reading WHERE device_id = 'dev-1'")) {
      row.next();
      return row.getInt(1);
    }
  }

  /** The supervisor shell may need a moment after the server to exit. */
  private static List<String> awaitNoProcessMentioning(Path dir) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
    List<String> left = Leftovers.processesMentioning(dir);
    while (!left.isEmpty() && System.nanoTime() < deadline) {
      Thread.sleep(50);
      left = Leftovers.processesMentioning(dir);
    }
    return left;
  }
}
