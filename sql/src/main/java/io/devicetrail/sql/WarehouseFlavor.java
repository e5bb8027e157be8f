package io.devicetrail.sql;

/**
 * Which database holds the warehouse (CONTRACT §5): Amazon Redshift in production, a PostgreSQL
 * database standing in for it locally. Each flavour has its own migrations, side by side under
 * {@code db/warehouse/}, defining the same tables and columns.
 */
public enum WarehouseFlavor {
  /** Amazon Redshift through redshift-jdbc42; the production schema (DISTKEY, SORTKEY, ENCODE). */
  REDSHIFT("db/warehouse/redshift", "com.amazon.redshift.jdbc42.Driver", "jdbc:redshift:"),
  /**
   * A PostgreSQL 15 database through pgjdbc, for local runs and tests (the Redshift driver cannot
   * talk to PostgreSQL).
   */
  POSTGRES("db/warehouse/postgres", "org.postgresql.Driver", "jdbc:postgresql:");

  private final String location;
  private final String driverClass;
  private final String urlPrefix;

  WarehouseFlavor(String location, String driverClass, String urlPrefix) {
    this.location = location;
    this.driverClass = driverClass;
    this.urlPrefix = urlPrefix;
  }

  /** The classpath folder of this flavour's migrations, e.g. {@code db/warehouse/redshift}. */
  public String location() {
    return location;
  }

  /** The JDBC driver class this flavour connects with. */
  public String driverClass() {
    return driverClass;
  }

  /** How this flavour's JDBC URLs start, e.g. {@code jdbc:redshift:}. */
  public String urlPrefix() {
    return urlPrefix;
  }
}
