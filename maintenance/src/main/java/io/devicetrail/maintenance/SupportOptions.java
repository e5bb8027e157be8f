package io.devicetrail.maintenance;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/** How to reach the support database: the same options and variables as the job's. */
public final class SupportOptions {

  @Option(
      names = "--support-jdbc-url",
      paramLabel = "URL",
      defaultValue =
          "${env:DEVICETRAIL_SUPPORT_JDBC_URL:-jdbc:postgresql://127.0.0.1:5432/devicetrail}",
      description =
          "JDBC URL of the support database, without the password"
              + " (env DEVICETRAIL_SUPPORT_JDBC_URL). Default: ${DEFAULT-VALUE}")
  String url;

  @Option(
      names = "--support-user",
      paramLabel = "NAME",
      defaultValue = "${env:DEVICETRAIL_SUPPORT_USER:-devicetrail}",
      description =
          "Support database user; creating, attaching and dropping partitions needs the tables'"
              + " owner, the user devicetrail-migrate runs as (env DEVICETRAIL_SUPPORT_USER)."
              + " Default: ${DEFAULT-VALUE}")
  String user;

  @Option(
      names = "--support-password-file",
      paramLabel = "FILE",
      defaultValue = "${env:DEVICETRAIL_SUPPORT_PASSWORD_FILE}",
      description =
          "File whose first line is the support database password (env"
              + " DEVICETRAIL_SUPPORT_PASSWORD_FILE); else env DEVICETRAIL_SUPPORT_PASSWORD."
              + " Default: none")
  Path passwordFile;

  /** The database these options describe. */
  public SupportDatabase database() {
    return new SupportDatabase(
        url, user, Passwords.fromFileOrEnvironment(passwordFile, "DEVICETRAIL_SUPPORT_PASSWORD"));
  }
}
