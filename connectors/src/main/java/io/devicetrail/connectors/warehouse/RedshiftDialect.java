package io.devicetrail.connectors.warehouse;

import io.devicetrail.connectors.archive.EventDateBucketAssigner;
import io.devicetrail.connectors.archive.ParquetArchive;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Amazon Redshift, through redshift-jdbc42: the production warehouse. Besides the shared statements
 * of {@link WarehouseDialect} it holds the Redshift-only SQL: the table locks that keep concurrent
 * batches from failing serializable isolation, SUPER parameters, distributed stages, and loading
 * the raw archive's committed Parquet files with COPY.
 *
 * <pre>{@code
 * List<String> load =
 *     WarehouseDialect.redshift()
 *         .loadSignalRawFromArchive(
 *             "s3://devicetrail-archive/archive",
 *             LocalDate.parse("2026-11-26"),
 *             "arn:aws:iam::123456789012:role/devicetrail-warehouse-load");
 * WarehouseStatements.runInOneTransaction(warehouse, load);
 * }</pre>
 */
public final class RedshiftDialect extends WarehouseDialect {

  private static final long serialVersionUID = 1L;

  /** What {@code IAM_ROLE} accepts: ARNs of IAM roles, comma-separated when chained. */
  private static final Pattern IAM_ROLES =
      Pattern.compile(
          "arn:aws[a-z-]*:iam::[0-9]{12}:role/[A-Za-z0-9+=,.@_/-]+"
              + "(,arn:aws[a-z-]*:iam::[0-9]{12}:role/[A-Za-z0-9+=,.@_/-]+)*");

  /** An S3 URI with nothing that could end the quoted literal it goes into. */
  private static final Pattern S3_URI =
      Pattern.compile("s3://[a-z0-9][a-z0-9.-]{1,61}[a-z0-9](/[A-Za-z0-9!_.*()=+,@/-]*)?");

  /** The visible, committed files of an archive partition (ParquetArchive's compaction output). */
  static final String COMMITTED_FILE_PREFIX = "compacted-" + ParquetArchive.PART_PREFIX;

  RedshiftDialect() {}

  @Override
  public String name() {
    return "redshift";
  }

  /**
   * {@code LOCK t1, t2}: a batch reads its targets (to prune and merge) before it writes them,
   * which under Redshift's serializable isolation makes one of two concurrent batches fail; locking
   * first makes them wait their turn instead. Redshift serialises writes to a table anyway.
   */
  @Override
  List<String> lock(List<String> tables) {
    return List.of("LOCK " + String.join(", ", tables));
  }

  @Override
  String jsonParameter() {
    return "JSON_PARSE(?)";
  }

  @Override
  String deviceStageAttributes() {
    return " DISTKEY (device_id)";
  }

  /**
   * {@code VACUUM DELETE ONLY} reclaims the space of rows marked deleted without re-sorting (the
   * table stays sorted: retention deletes the oldest end of the sort key), then {@code ANALYZE}
   * refreshes the statistics. Neither runs inside a transaction block; only one VACUUM runs on a
   * cluster at a time (a second one fails at once), and Redshift's automatic vacuum delete does the
   * same in the background when the cluster is idle, so a failed run is not urgent.
   */
  @Override
  public List<String> reclaimAfterDelete(String table) {
    String t = identifier(table);
    return List.of("VACUUM DELETE ONLY " + t, "ANALYZE " + t);
  }

  /**
   * {@code COPY <table> FROM '<s3Prefix>' IAM_ROLE '<role>' FORMAT AS PARQUET}: loads every object
   * whose key starts with {@code s3Prefix}, mapping the Parquet columns to the table's by position.
   *
   * @param iamRole an IAM role ARN (or a comma-separated chain) the cluster may assume, or {@code
   *     default} for the cluster's default role
   */
  public String copyParquet(String table, String s3Prefix, String iamRole) {
    Objects.requireNonNull(table, "table cannot be null");
    if (!table.matches("[a-z_][a-z0-9_]*")) {
      throw new IllegalArgumentException("Not a table name: " + table);
    }
    return "COPY "
        + table
        + "\nFROM '"
        + s3(s3Prefix)
        + "'\nIAM_ROLE "
        + iamRole(iamRole)
        + "\nFORMAT AS PARQUET";
  }

  /**
   * The transaction that loads one date partition of the raw archive's committed signal files into
   * {@code signal_raw}, inserting only readings not already there: lock, stage, COPY, keep the
   * earliest fetched copy of each reading (the archive keeps duplicates the poller produced), prune
   * the readings already stored, insert, drop the stage. Running it again inserts nothing; it may
   * overlap with the streaming sink.
   *
   * <p>Only the partition's compacted files are read ({@value #COMMITTED_FILE_PREFIX}…): the hidden
   * {@code .part-…} files waiting for compaction are complete, but their rows reappear in the
   * compacted file and they may be deleted while COPY runs.
   *
   * @param archivePath the archive root the job writes to, e.g. {@code s3://bucket/archive}
   * @param date the partition's UTC date
   * @param iamRole see {@link #copyParquet}
   * @return the statements, to run in order in one transaction (see {@link
   *     WarehouseStatements#runInOneTransaction})
   */
  public List<String> loadSignalRawFromArchive(String archivePath, LocalDate date, String iamRole) {
    Objects.requireNonNull(date, "date cannot be null");
    String root = s3(archivePath);
    root = root.endsWith("/") ? root.substring(0, root.length() - 1) : root;
    String prefix =
        root + "/signal/" + EventDateBucketAssigner.partitionOf(date) + "/" + COMMITTED_FILE_PREFIX;
    WarehouseTable<?> raw = WarehouseTables.SIGNAL_RAW;
    String target = raw.name();
    String stage = stageOf(target);
    String columns = String.join(", ", raw.columnNames());
    List<String> statements = new ArrayList<>(lock(List.of(target)));
    statements.add(createWideStage(raw));
    statements.add(copyParquet(stage, prefix, iamRole));
    statements.add(
        "DELETE FROM "
            + stage
            + " USING "
            + target
            + "\nWHERE "
            + target
            + ".device_id = "
            + stage
            + ".device_id AND "
            + target
            + ".ts = "
            + stage
            + ".ts\nAND "
            + target
            + ".ts >= CAST('"
            + date
            + " 00:00:00+00' AS TIMESTAMPTZ) AND "
            + target
            + ".ts < CAST('"
            + date.plusDays(1)
            + " 00:00:00+00' AS TIMESTAMPTZ)");
    statements.add(
        "INSERT INTO "
            + target
            + " ("
            + columns
            + ")\nSELECT "
            + cutToWidth(raw)
            + " FROM (SELECT "
            + columns
            + ", ROW_NUMBER() OVER (PARTITION BY device_id, ts ORDER BY fetched_at) AS copy_no"
            + " FROM "
            + stage
            + ") AS copies\nWHERE copy_no = 1");
    statements.add(dropStage(target));
    return List.copyOf(statements);
  }

  /**
   * The stage of an archive load: the target's columns in its order, text ones as wide as Redshift
   * allows. COPY from Parquet takes neither TRUNCATECOLUMNS nor MAXERROR ("If COPY encounters an
   * error while loading, the command fails"), so one over-long value in a stage {@code LIKE} the
   * target would fail the whole day; the INSERT … SELECT cuts instead ({@link #cutToWidth}).
   */
  static String createWideStage(WarehouseTable<?> table) {
    List<String> columns = new ArrayList<>();
    for (Column c : table.columns()) {
      columns.add(c.name() + " " + wideType(c));
    }
    return "CREATE TEMP TABLE "
        + stageOf(table.name())
        + " ("
        + String.join(", ", columns)
        + ")"
        + " DISTKEY (device_id)";
  }

  /**
   * The select list that fits the wide stage's values into the target: a text value longer than its
   * column is cut. VARCHAR(n) counts bytes and LEFT counts characters, so a value whose first n
   * characters are still too many bytes is cut to n/4 characters (at most four bytes each), with
   * documented functions only (OCTET_LENGTH, LEFT).
   */
  static String cutToWidth(WarehouseTable<?> table) {
    List<String> select = new ArrayList<>();
    for (Column c : table.columns()) {
      if (c.type() != SqlType.TEXT) {
        select.add(c.name());
        continue;
      }
      int n = c.maxBytes();
      select.add(
          "CASE WHEN OCTET_LENGTH("
              + c.name()
              + ") <= "
              + n
              + " THEN "
              + c.name()
              + " WHEN OCTET_LENGTH(LEFT("
              + c.name()
              + ", "
              + n
              + ")) <= "
              + n
              + " THEN LEFT("
              + c.name()
              + ", "
              + n
              + ") ELSE LEFT("
              + c.name()
              + ", "
              + n / 4
              + ") END AS "
              + c.name());
    }
    return String.join(", ", select);
  }

  private static String wideType(Column c) {
    return switch (c.type()) {
      case TEXT -> "VARCHAR(65535)";
      case INTEGER -> "INTEGER";
      case BIGINT -> "BIGINT";
      case DOUBLE -> "DOUBLE PRECISION";
      case BOOLEAN -> "BOOLEAN";
      case TIMESTAMP -> "TIMESTAMPTZ";
      case JSON -> "SUPER";
    };
  }

  private static String s3(String uri) {
    Objects.requireNonNull(uri, "S3 URI cannot be null");
    if (!S3_URI.matcher(uri).matches()) {
      throw new IllegalArgumentException(
          "Not an S3 URI COPY can take (s3://bucket/key-prefix, no quotes or spaces): " + uri);
    }
    return uri;
  }

  private static String iamRole(String role) {
    Objects.requireNonNull(role, "iamRole cannot be null");
    if (role.equals("default")) {
      return "default";
    }
    if (!IAM_ROLES.matcher(role).matches()) {
      throw new IllegalArgumentException(
          "Not an IAM role ARN (arn:aws:iam::<account>:role/<name>) or 'default': " + role);
    }
    return "'" + role + "'";
  }
}
