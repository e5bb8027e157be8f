package io.devicetrail.maintenance;

import io.devicetrail.connectors.warehouse.WarehouseConnection;
import io.devicetrail.connectors.warehouse.WarehouseDialect;
import io.devicetrail.sql.WarehouseFlavor;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** How to reach the warehouse: the same options and variables as the job's. */
public final class WarehouseOptions {

  @Option(
      names = "--warehouse-jdbc-url",
      paramLabel = "URL",
      defaultValue =
          "${env:DEVICETRAIL_WAREHOUSE_JDBC_URL:-jdbc:postgresql://127.0.0.1:5432/warehouse}",
      description =
          "JDBC URL of the warehouse, without the password: jdbc:redshift://… in production,"
              + " jdbc:postgresql://… for the local stand-in (env DEVICETRAIL_WAREHOUSE_JDBC_URL)."
              + " Default: ${DEFAULT-VALUE}")
  String url;

  @Option(
      names = "--warehouse-user",
      paramLabel = "NAME",
      defaultValue = "${env:DEVICETRAIL_WAREHOUSE_USER:-devicetrail}",
      description =
          "Warehouse user; it deletes and rewrites rows, so the tables' owner (the user"
              + " devicetrail-migrate runs as) or a role granted DELETE, INSERT, UPDATE on them"
              + " (env DEVICETRAIL_WAREHOUSE_USER). Default: ${DEFAULT-VALUE}")
  String user;

  @Option(
      names = "--warehouse-password-file",
      paramLabel = "FILE",
      defaultValue = "${env:DEVICETRAIL_WAREHOUSE_PASSWORD_FILE}",
      description =
          "File whose first line is the warehouse password (env"
              + " DEVICETRAIL_WAREHOUSE_PASSWORD_FILE); else env DEVICETRAIL_WAREHOUSE_PASSWORD."
              + " Default: none")
  Path passwordFile;

  @Option(
      names = "--warehouse-flavor",
      paramLabel = "REDSHIFT|POSTGRES",
      defaultValue = "${env:DEVICETRAIL_WAREHOUSE_FLAVOR:-POSTGRES}",
      description =
          "REDSHIFT (redshift-jdbc42, Redshift SQL) or POSTGRES (the local stand-in),"
              + " case-insensitive (env DEVICETRAIL_WAREHOUSE_FLAVOR). Default: ${DEFAULT-VALUE}")
  WarehouseFlavor flavor;

  /**
   * The connection these options describe.
   *
   * @throws IllegalArgumentException when the URL does not suit the flavour or carries a password
   */
  public WarehouseConnection connection() {
    var password = Passwords.fromFileOrEnvironment(passwordFile, "DEVICETRAIL_WAREHOUSE_PASSWORD");
    return flavor == WarehouseFlavor.REDSHIFT
        ? WarehouseConnection.redshift(url, user, password)
        : WarehouseConnection.postgres(url, user, password);
  }

  public WarehouseDialect dialect() {
    return flavor == WarehouseFlavor.REDSHIFT
        ? WarehouseDialect.redshift()
        : WarehouseDialect.postgres();
  }
}
