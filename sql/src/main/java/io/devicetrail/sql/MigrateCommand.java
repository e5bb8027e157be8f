package io.devicetrail.sql;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.flywaydb.core.api.FlywayException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Help.Visibility;
import picocli.CommandLine.Option;

/**
 * {@code devicetrail-migrate}: applies the schema migrations of the support database, or with
 * {@code --schema warehouse} those of the warehouse (Redshift, or its PostgreSQL stand-in). Safe to
 * run on every deploy: a current schema is left as it is.
 */
@Command(
    name = "devicetrail-migrate",
    showDefaultValues = true,
    usageHelpWidth = 100,
    description = {
      "Applies the support database's schema migrations (Flyway), or the warehouse's",
      "(--schema warehouse). Running it again is a no-op."
    },
    footer = {
      "",
      "Each option can also come from the environment variable named in its",
      "description, or from a file given as @FILE that holds one option per line."
    })
public final class MigrateCommand implements Callable<Integer> {

  /** Log configuration used by the runnable jar unless the operator names another one. */
  static final String LOG_CONFIG = "devicetrail-migrate-log4j2.xml";

  @Option(
      names = {"-h", "--help"},
      usageHelp = true,
      description = "Show this help and exit.")
  boolean help;

  @Option(
      names = "--jdbc-url",
      paramLabel = "URL",
      defaultValue =
          "${env:DEVICETRAIL_SUPPORT_JDBC_URL:-jdbc:postgresql://127.0.0.1:5432/devicetrail_support}",
      description =
          "JDBC URL of the database to migrate, without the password"
              + " (env DEVICETRAIL_SUPPORT_JDBC_URL).")
  String jdbcUrl;

  @Option(
      names = "--user",
      paramLabel = "NAME",
      defaultValue = "${env:DEVICETRAIL_SUPPORT_USER:-devicetrail}",
      description = "Database user (env DEVICETRAIL_SUPPORT_USER).")
  String user;

  @Option(
      names = "--password-file",
      paramLabel = "FILE",
      defaultValue = "${env:DEVICETRAIL_SUPPORT_PASSWORD_FILE}",
      showDefaultValue = Visibility.NEVER,
      description = {
        "File whose first line is the database password (env DEVICETRAIL_SUPPORT_PASSWORD_FILE).",
        "Default: none, connect without a password (trust or ~/.pgpass)."
      })
  Path passwordFile;

  @Option(
      names = "--schema",
      paramLabel = "support|warehouse",
      defaultValue = "${env:DEVICETRAIL_MIGRATE_SCHEMA:-support}",
      description =
          "Which schema to migrate: the support database, or the warehouse (env"
              + " DEVICETRAIL_MIGRATE_SCHEMA).")
  String schema;

  @Option(
      names = "--warehouse-flavor",
      paramLabel = "redshift|postgres",
      defaultValue = "${env:DEVICETRAIL_WAREHOUSE_FLAVOR:-redshift}",
      description = {
        "With --schema warehouse: Amazon Redshift (a jdbc:redshift: URL) or the local PostgreSQL",
        "stand-in (a jdbc:postgresql: URL) (env DEVICETRAIL_WAREHOUSE_FLAVOR)."
      })
  String warehouseFlavor;

  public static void main(String[] args) {
    if (System.getProperty("log4j2.configurationFile") == null
        && System.getProperty("log4j.configurationFile") == null) {
      System.setProperty("log4j2.configurationFile", LOG_CONFIG);
    }
    System.exit(new CommandLine(new MigrateCommand()).execute(args));
  }

  @Override
  public Integer call() {
    Logger log = LoggerFactory.getLogger(MigrateCommand.class);
    if (JdbcUrls.carriesPassword(jdbcUrl)) {
      log.error("The JDBC URL carries a password parameter; put the password in --password-file");
      return 2;
    }
    WarehouseFlavor flavor = null;
    if ("warehouse".equals(schema)) {
      flavor = flavor(warehouseFlavor);
      if (flavor == null) {
        log.error("--warehouse-flavor must be redshift or postgres, was '{}'", warehouseFlavor);
        return 2;
      }
      if (!jdbcUrl.startsWith(flavor.urlPrefix())) {
        log.error(
            "A {} warehouse URL must start with {}; pass --jdbc-url (was {})",
            warehouseFlavor,
            flavor.urlPrefix(),
            JdbcUrls.redact(jdbcUrl));
        return 2;
      }
    } else if (!"support".equals(schema)) {
      log.error("--schema must be support or warehouse, was '{}'", schema);
      return 2;
    }
    try {
      if (flavor == null) {
        Migrations.migrateSupport(jdbcUrl, user, readPassword());
      } else {
        Migrations.migrateWarehouse(jdbcUrl, user, readPassword(), flavor);
      }
      return 0;
    } catch (IOException e) {
      log.error("Cannot read the password file {}: {}", passwordFile, e.toString());
      return 2;
    } catch (FlywayException e) {
      log.error(
          "Migrating the support database {} failed: {}",
          JdbcUrls.redact(jdbcUrl),
          oneLine(e.getMessage()));
      return 1;
    } catch (WarehouseMigrationException e) {
      log.error("{}", oneLine(e.getMessage()));
      return 1;
    }
  }

  private static WarehouseFlavor flavor(String name) {
    return switch (name) {
      case "redshift" -> WarehouseFlavor.REDSHIFT;
      case "postgres" -> WarehouseFlavor.POSTGRES;
      default -> null;
    };
  }

  /** Flyway's messages come as a block with separator lines; an operator's log wants one line. */
  static String oneLine(String message) {
    if (message == null) {
      return "(no message)";
    }
    return message
        .lines()
        .map(String::strip)
        .filter(line -> !line.isEmpty() && !line.chars().allMatch(c -> c == '-'))
        .collect(java.util.stream.Collectors.joining("; "));
  }

  private String readPassword() throws IOException {
    if (passwordFile == null) {
      return null;
    }
    String content = Files.readString(passwordFile, StandardCharsets.UTF_8);
    int lineEnd = content.indexOf('\n');
    String firstLine = lineEnd < 0 ? content : content.substring(0, lineEnd);
    return firstLine.endsWith("\r") ? firstLine.substring(0, firstLine.length() - 1) : firstLine;
  }
}
