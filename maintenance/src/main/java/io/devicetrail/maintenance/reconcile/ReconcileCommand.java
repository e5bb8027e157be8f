package io.devicetrail.maintenance.reconcile;

import io.devicetrail.connectors.archive.ArchiveReader;
import io.devicetrail.connectors.flink.FlinkS3;
import io.devicetrail.maintenance.WarehouseOptions;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import org.apache.flink.configuration.Configuration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code devicetrail-maintenance reconcile}: recomputes signal_hourly and signal_daily for a time
 * range (and some or all devices) from the raw Parquet archive and writes them over what the stream
 * wrote, even final rows: after an outage, to fold in readings that arrived beyond the revision
 * horizon, after a bug fix. Running it twice changes nothing the second time.
 */
@Command(
    name = "reconcile",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    usageHelpWidth = 110,
    description = {
      "Recomputes hourly and daily rollups for whole UTC hours [--from, --to) and the days they",
      "touch from the raw Parquet archive, and writes every row whose data differ from the",
      "warehouse's (even final rows, with revision + 1); rows that agree are left as they are."
    })
public final class ReconcileCommand implements Callable<Integer> {

  private static final Logger LOG = LoggerFactory.getLogger(ReconcileCommand.class);
  private static final String AWS_V1_NOTICE = "aws.java.v1.disableDeprecationAnnouncement";

  @Spec CommandSpec spec;

  @Option(
      names = "--from",
      required = true,
      paramLabel = "TIME",
      description =
          "First hour to recompute, inclusive: a UTC date (2026-11-20, its 00:00Z) or an instant on"
              + " the hour (2026-11-20T06:00:00Z). Required")
  String from;

  @Option(
      names = "--to",
      required = true,
      paramLabel = "TIME",
      description =
          "End of the range, exclusive, as --from: --from 2026-11-20 --to 2026-11-22 is two days."
              + " Required")
  String to;

  @Option(
      names = "--device",
      paramLabel = "ID",
      split = ",",
      description = "Only this device; repeat or separate by commas. Default: every device")
  List<String> devices = new ArrayList<>();

  @Option(
      names = "--devices-file",
      paramLabel = "FILE",
      description = "Only the devices listed in FILE, one per line. Default: every device")
  Path devicesFile;

  @Option(
      names = "--dry-run",
      defaultValue = "${env:DEVICETRAIL_RECONCILE_DRY_RUN:-false}",
      description =
          "Compute and write in transactions that are rolled back: prints how many rows a real run"
              + " would write, changes nothing (env DEVICETRAIL_RECONCILE_DRY_RUN)."
              + " Default: ${DEFAULT-VALUE}")
  boolean dryRun;

  @Option(
      names = "--archive-path",
      paramLabel = "URI",
      defaultValue = "${env:DEVICETRAIL_ARCHIVE_PATH:-s3://devicetrail/archive}",
      description =
          "Base path of the raw Parquet archive, as the job's: s3://bucket/prefix or file:///dir"
              + " (env DEVICETRAIL_ARCHIVE_PATH). Default: ${DEFAULT-VALUE}")
  String archivePath;

  @Option(
      names = "--s3-endpoint",
      paramLabel = "URL",
      defaultValue = "${env:DEVICETRAIL_S3_ENDPOINT}",
      description =
          "S3-compatible endpoint, with path-style access (env DEVICETRAIL_S3_ENDPOINT)."
              + " Default: none, AWS's regional endpoint")
  String s3Endpoint;

  @Option(
      names = "--s3-access-key",
      paramLabel = "KEY",
      defaultValue = "${env:DEVICETRAIL_S3_ACCESS_KEY}",
      description =
          "S3 access key id (env DEVICETRAIL_S3_ACCESS_KEY). Default: none, the AWS default"
              + " credential chain (IAM role for the pod, instance profile)")
  String s3AccessKey;

  @Option(
      names = "--s3-secret-key-file",
      paramLabel = "FILE",
      defaultValue = "${env:DEVICETRAIL_S3_SECRET_KEY_FILE}",
      description =
          "File whose first line is the S3 secret key (env DEVICETRAIL_S3_SECRET_KEY_FILE); else"
              + " env DEVICETRAIL_S3_SECRET_KEY. Default: none")
  Path s3SecretKeyFile;

  @Option(
      names = "--plugins-dir",
      paramLabel = "DIR",
      defaultValue = "${env:FLINK_PLUGINS_DIR:-plugins}",
      description =
          "Flink plugins folder holding s3-fs-hadoop/flink-s3-fs-hadoop-*.jar, needed for s3://"
              + " (env FLINK_PLUGINS_DIR). Default: ${DEFAULT-VALUE}")
  Path pluginsDir;

  @Option(
      names = "--horizon",
      paramLabel = "DURATION",
      defaultValue = "${env:DEVICETRAIL_ROLLUP_HORIZON:-P7D}",
      description =
          "The job's revision horizon: buckets that ended longer ago are written final"
              + " (env DEVICETRAIL_ROLLUP_HORIZON). Default: ${DEFAULT-VALUE}")
  Duration horizon;

  @Option(
      names = "--device-shards",
      paramLabel = "N",
      defaultValue = "${env:DEVICETRAIL_RECONCILE_DEVICE_SHARDS:-1}",
      description =
          "Read each day N times, a 1/N share of the devices at a time, to hold less in memory"
              + " (env DEVICETRAIL_RECONCILE_DEVICE_SHARDS). Default: ${DEFAULT-VALUE}")
  int deviceShards;

  @Option(
      names = "--rows-per-transaction",
      paramLabel = "ROWS",
      defaultValue = "${env:DEVICETRAIL_RECONCILE_ROWS_PER_TRANSACTION:-5000}",
      description =
          "Rollup rows written per warehouse transaction"
              + " (env DEVICETRAIL_RECONCILE_ROWS_PER_TRANSACTION). Default: ${DEFAULT-VALUE}")
  int rowsPerTransaction;

  @Mixin WarehouseOptions warehouseOptions;

  private final Clock clock;

  public ReconcileCommand() {
    this(Clock.systemUTC());
  }

  /** With another clock: decides which recomputed rows are final. */
  public ReconcileCommand(Clock clock) {
    this.clock = clock;
  }

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    ReconcileRange range;
    Set<String> selected;
    Reconciler reconciler;
    try {
      range = new ReconcileRange(ReconcileRange.parseTime(from), ReconcileRange.parseTime(to));
      selected = selectedDevices();
      initializeFileSystems();
      reconciler =
          new Reconciler(
              new ArchiveReader(archivePath),
              warehouseOptions.connection(),
              warehouseOptions.dialect(),
              horizon,
              deviceShards,
              rowsPerTransaction,
              clock,
              line -> {
                out.println(line);
                out.flush();
              });
    } catch (IllegalArgumentException | IllegalStateException | UncheckedIOException e) {
      LOG.error("{}", e.getMessage());
      return 2;
    }
    try {
      Reconciler.Outcome outcome = reconciler.run(range, selected, dryRun);
      out.printf(
          "reconcile [%s, %s): %,d readings, %,d hourly and %,d daily rows recomputed, %,d %s%n",
          range.from(),
          range.to(),
          outcome.readings(),
          outcome.hourlyRows(),
          outcome.dailyRows(),
          outcome.written(),
          dryRun ? "would be written (dry run, nothing changed)" : "written");
      out.flush();
      return 0;
    } catch (SQLException e) {
      LOG.error(
          "Reconcile failed; the days written so far stay written, a rerun redoes the rest: {}",
          e.getMessage());
      return 1;
    } catch (UncheckedIOException e) {
      LOG.error("Reading the archive failed: {}", e.getMessage());
      return 1;
    }
  }

  private Set<String> selectedDevices() {
    Set<String> selected = new LinkedHashSet<>();
    devices.stream().map(String::strip).filter(d -> !d.isEmpty()).forEach(selected::add);
    if (devicesFile != null) {
      try {
        Files.readAllLines(devicesFile, StandardCharsets.UTF_8).stream()
            .map(String::strip)
            .filter(d -> !d.isEmpty() && !d.startsWith("#"))
            .forEach(selected::add);
      } catch (IOException e) {
        throw new UncheckedIOException("Cannot read " + devicesFile + ": " + e, e);
      }
      if (selected.isEmpty()) {
        throw new IllegalArgumentException(devicesFile + " names no device");
      }
    }
    return selected;
  }

  /** s3:// goes through flink-s3-fs-hadoop, loaded as a plugin as on a cluster. */
  private void initializeFileSystems() {
    if (!archivePath.startsWith("s3://") && !archivePath.startsWith("s3a://")) {
      return;
    }
    if (System.getProperty(AWS_V1_NOTICE) == null) {
      System.setProperty(AWS_V1_NOTICE, "true"); // the plugin's SDK v1 prints a stack trace
    }
    Configuration conf = new Configuration();
    if (s3Endpoint != null && !s3Endpoint.isBlank()) {
      conf.set(FlinkS3.ENDPOINT, s3Endpoint);
      conf.set(FlinkS3.PATH_STYLE_ACCESS, true);
    }
    String secret = s3Secret();
    if ((s3AccessKey == null) != (secret == null)) {
      throw new IllegalArgumentException(
          "Give both --s3-access-key and the secret key, or neither (AWS default credentials)");
    }
    if (s3AccessKey != null) {
      conf.set(FlinkS3.ACCESS_KEY, s3AccessKey);
      conf.set(FlinkS3.SECRET_KEY, secret);
    }
    FlinkS3.initialize(conf, pluginsDir);
  }

  private String s3Secret() {
    if (s3SecretKeyFile != null) {
      try {
        String content = Files.readString(s3SecretKeyFile, StandardCharsets.UTF_8);
        return content.lines().findFirst().orElse("").strip();
      } catch (IOException e) {
        throw new UncheckedIOException("Cannot read the S3 secret key file " + s3SecretKeyFile, e);
      }
    }
    return System.getenv("DEVICETRAIL_S3_SECRET_KEY");
  }
}
