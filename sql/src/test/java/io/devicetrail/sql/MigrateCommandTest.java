package io.devicetrail.sql;

import static org.assertj.core.api.Assertions.assertThat;

import io.devicetrail.localservices.LocalPostgres;
import io.devicetrail.localservices.PostgresOptions;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class MigrateCommandTest {

  @TempDir static Path dataDir;
  private static LocalPostgres postgres;

  @TempDir Path work;

  @BeforeAll
  static void startPostgres() throws Exception {
    postgres = LocalPostgres.start(dataDir, PostgresOptions.fastForTests());
  }

  @AfterAll
  static void stopPostgres() {
    if (postgres != null) {
      postgres.close();
    }
  }

  @Test
  void helpListsEveryOptionWithItsDefaultAndEnvironmentVariable() {
    StringWriter help = new StringWriter();
    CommandLine cli = new CommandLine(new MigrateCommand());
    cli.setOut(new PrintWriter(help));

    int exit = cli.execute("--help");

    assertThat(exit).isZero();
    assertThat(help.toString())
        .contains("--jdbc-url", "DEVICETRAIL_SUPPORT_JDBC_URL")
        .contains("Default: jdbc:postgresql://127.0.0.1:5432/devicetrail_support")
        .contains("--user", "DEVICETRAIL_SUPPORT_USER", "Default: devicetrail")
        .contains("--password-file", "DEVICETRAIL_SUPPORT_PASSWORD_FILE", "Default: none");
  }

  @Test
  void migratesTheNamedDatabaseWithThePasswordFromAFileAndNeverPrintsIt() throws Exception {
    postgres.createDatabaseIfMissing("by_command");
    Path passwordFile = Files.writeString(work.resolve("password"), postgres.password() + "\n");

    Run run =
        run(
            "--jdbc-url",
            postgres.jdbcUrl("by_command"),
            "--user",
            postgres.user(),
            "--password-file",
            passwordFile.toString());

    assertThat(run.exitCode).isZero();
    assertThat(run.output).contains("migrated").doesNotContain(postgres.password());
    try (Connection c = postgres.connect("by_command")) {
      assertThat(SupportSchema.columns(c))
          .containsOnlyKeys(
              "device",
              "device_latest",
              "device_status",
              "signal_recent",
              "activity_recent",
              "device_site_history");
    }
  }

  @Test
  void aWrongPasswordFailsWithOneLineThatDoesNotShowIt() throws Exception {
    postgres.createDatabaseIfMissing("wrong_password");
    String wrong = "not-the-password-4711";
    Path passwordFile = Files.writeString(work.resolve("password"), wrong);

    Run run =
        run(
            "--jdbc-url",
            postgres.jdbcUrl("wrong_password"),
            "--user",
            postgres.user(),
            "--password-file",
            passwordFile.toString());

    assertThat(run.exitCode).isEqualTo(1);
    assertThat(run.output)
        .contains("password authentication failed")
        .doesNotContain(wrong)
        .hasLineCount(1);
  }

  @Test
  void refusesAUrlThatCarriesAPassword() {
    Run run =
        run("--jdbc-url", postgres.jdbcUrl("postgres") + "?user=postgres&password=secret-4711");

    assertThat(run.exitCode).isEqualTo(2);
    assertThat(run.output).contains("--password-file").doesNotContain("secret-4711");
  }

  @Test
  void helpListsTheWarehouseOptions() {
    StringWriter help = new StringWriter();
    CommandLine cli = new CommandLine(new MigrateCommand());
    cli.setOut(new PrintWriter(help));

    cli.execute("--help");

    assertThat(help.toString())
        .contains("--schema", "DEVICETRAIL_MIGRATE_SCHEMA", "Default: support")
        .contains("--warehouse-flavor", "DEVICETRAIL_WAREHOUSE_FLAVOR", "Default: redshift");
  }

  @Test
  void migratesTheWarehouseStandInWhenAskedTo() throws Exception {
    postgres.createDatabaseIfMissing("warehouse_by_command");
    Path passwordFile = Files.writeString(work.resolve("password"), postgres.password());

    Run run =
        run(
            "--schema",
            "warehouse",
            "--warehouse-flavor",
            "postgres",
            "--jdbc-url",
            postgres.jdbcUrl("warehouse_by_command"),
            "--user",
            postgres.user(),
            "--password-file",
            passwordFile.toString());

    assertThat(run.exitCode).isZero();
    assertThat(run.output).contains("Warehouse (postgres)").doesNotContain(postgres.password());
    try (Connection c = postgres.connect("warehouse_by_command")) {
      assertThat(WarehouseSchema.columns(c)).containsKeys("signal_raw", "dim_device");
    }
  }

  @Test
  void aRedshiftMigrationWithoutARedshiftUrlIsABadConfiguration() {
    Run run = run("--schema", "warehouse", "--jdbc-url", postgres.jdbcUrl("postgres"));

    assertThat(run.exitCode).isEqualTo(2);
    assertThat(run.output).contains("must start with jdbc:redshift:");
  }

  @Test
  void anUnknownSchemaIsABadConfiguration() {
    Run run = run("--schema", "analytics");

    assertThat(run.exitCode).isEqualTo(2);
    assertThat(run.output).contains("--schema must be support or warehouse");
  }

  private record Run(int exitCode, String output) {}

  /** Runs the command, capturing what it logs and prints. */
  private static Run run(String... args) {
    PrintStream stdout = System.out;
    PrintStream stderr = System.err;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    PrintStream capture = new PrintStream(captured, true, StandardCharsets.UTF_8);
    System.setOut(capture);
    System.setErr(capture);
    try {
      int exit = new CommandLine(new MigrateCommand()).execute(args);
      return new Run(exit, captured.toString(StandardCharsets.UTF_8));
    } finally {
      System.setOut(stdout);
      System.setErr(stderr);
    }
  }
}
