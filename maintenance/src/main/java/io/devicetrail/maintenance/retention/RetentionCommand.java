package io.devicetrail.maintenance.retention;

import io.devicetrail.maintenance.SupportOptions;
import io.devicetrail.maintenance.WarehouseOptions;
import java.io.PrintWriter;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code devicetrail-maintenance retention}: enforces every tier's retention (CONTRACT §4–5), meant
 * to run daily as a Kubernetes CronJob. Idempotent; {@code --dry-run} prints what would go.
 */
@Command(
    name = "retention",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    usageHelpWidth = 110,
    description = {
      "Enforces each tier's retention: warehouse tables by DELETE in bounded batches (then VACUUM",
      "DELETE ONLY / ANALYZE on Redshift), the support database's signal_recent and activity_recent",
      "by dropping whole daily partitions and creating them ahead. Run it daily (a CronJob);",
      "running it again changes nothing. The raw archive's retention is an S3 lifecycle policy:",
      "see the s3-lifecycle subcommand."
    })
public final class RetentionCommand implements Callable<Integer> {

  private static final Logger LOG = LoggerFactory.getLogger(RetentionCommand.class);

  @Spec CommandSpec spec;

  @Option(
      names = "--dry-run",
      defaultValue = "${env:DEVICETRAIL_RETENTION_DRY_RUN:-false}",
      description =
          "Print what would be deleted, dropped and created; change nothing"
              + " (env DEVICETRAIL_RETENTION_DRY_RUN). Default: ${DEFAULT-VALUE}")
  boolean dryRun;

  // Plain flags, not picocli's negatable --[no-]x: with a default of true, picocli 4.7 reads
  // --no-x as true.
  @Option(
      names = "--skip-warehouse",
      defaultValue = "${env:DEVICETRAIL_RETENTION_SKIP_WAREHOUSE:-false}",
      description =
          "Leave the warehouse alone (env DEVICETRAIL_RETENTION_SKIP_WAREHOUSE)."
              + " Default: ${DEFAULT-VALUE}")
  boolean skipWarehouse;

  @Option(
      names = "--skip-support",
      defaultValue = "${env:DEVICETRAIL_RETENTION_SKIP_SUPPORT:-false}",
      description =
          "Leave the support database alone: no partitions dropped or created"
              + " (env DEVICETRAIL_RETENTION_SKIP_SUPPORT). Default: ${DEFAULT-VALUE}")
  boolean skipSupport;

  @Option(
      names = "--signal-raw",
      paramLabel = "DURATION",
      defaultValue = "${env:DEVICETRAIL_RETENTION_SIGNAL_RAW:-P7D}",
      description =
          "Keep warehouse signal_raw this long, by ts (env DEVICETRAIL_RETENTION_SIGNAL_RAW)."
              + " Default: ${DEFAULT-VALUE}")
  Duration signalRaw;

  @Option(
      names = "--signal-hourly",
      paramLabel = "DURATION",
      defaultValue = "${env:DEVICETRAIL_RETENTION_SIGNAL_HOURLY:-P35D}",
      description =
          "Keep warehouse signal_hourly this long, by bucket_start"
              + " (env DEVICETRAIL_RETENTION_SIGNAL_HOURLY). Default: ${DEFAULT-VALUE}")
  Duration signalHourly;

  @Option(
      names = "--signal-daily",
      paramLabel = "DURATION",
      defaultValue = "${env:DEVICETRAIL_RETENTION_SIGNAL_DAILY:-P400D}",
      description =
          "Keep warehouse signal_daily this long, by bucket_start"
              + " (env DEVICETRAIL_RETENTION_SIGNAL_DAILY). Default: ${DEFAULT-VALUE}")
  Duration signalDaily;

  @Option(
      names = "--activity-event",
      paramLabel = "DURATION",
      defaultValue = "${env:DEVICETRAIL_RETENTION_ACTIVITY_EVENT:-P400D}",
      description =
          "Keep warehouse activity_event this long, by ts"
              + " (env DEVICETRAIL_RETENTION_ACTIVITY_EVENT). Default: ${DEFAULT-VALUE}")
  Duration activityEvent;

  @Option(
      names = "--signal-recent",
      paramLabel = "DURATION",
      defaultValue = "${env:DEVICETRAIL_RETENTION_SIGNAL_RECENT:-P14D}",
      description =
          "Keep support signal_recent this long: a day's partition goes once all of it is older"
              + " (env DEVICETRAIL_RETENTION_SIGNAL_RECENT). Default: ${DEFAULT-VALUE}")
  Duration signalRecent;

  @Option(
      names = "--activity-recent",
      paramLabel = "DURATION",
      defaultValue = "${env:DEVICETRAIL_RETENTION_ACTIVITY_RECENT:-P30D}",
      description =
          "Keep support activity_recent this long, by daily partition"
              + " (env DEVICETRAIL_RETENTION_ACTIVITY_RECENT). Default: ${DEFAULT-VALUE}")
  Duration activityRecent;

  @Option(
      names = "--days-ahead",
      paramLabel = "DAYS",
      defaultValue = "${env:DEVICETRAIL_RETENTION_DAYS_AHEAD:-7}",
      description =
          "Create the support tables' daily partitions this many days ahead of today (UTC)"
              + " (env DEVICETRAIL_RETENTION_DAYS_AHEAD). Default: ${DEFAULT-VALUE}")
  int daysAhead;

  @Option(
      names = "--delete-batch",
      paramLabel = "DURATION",
      defaultValue = "${env:DEVICETRAIL_RETENTION_DELETE_BATCH:-PT6H}",
      description =
          "Time span one warehouse DELETE covers at most, each its own transaction (a day at"
              + " least for signal_daily) (env DEVICETRAIL_RETENTION_DELETE_BATCH)."
              + " Default: ${DEFAULT-VALUE}")
  Duration deleteBatch;

  @Option(
      names = "--reclaim-after-rows",
      paramLabel = "ROWS",
      defaultValue = "${env:DEVICETRAIL_RETENTION_RECLAIM_AFTER_ROWS:-100000}",
      description =
          "After deleting at least this many rows of a warehouse table, reclaim its space and"
              + " refresh its statistics (Redshift: VACUUM DELETE ONLY, ANALYZE; outside any"
              + " transaction); -1 never (env DEVICETRAIL_RETENTION_RECLAIM_AFTER_ROWS)."
              + " Default: ${DEFAULT-VALUE}")
  long reclaimAfterRows;

  @Option(
      names = "--lock-timeout",
      paramLabel = "DURATION",
      defaultValue = "${env:DEVICETRAIL_RETENTION_LOCK_TIMEOUT:-PT10S}",
      description =
          "How long a partition change in the support database waits for its locks before"
              + " leaving it to the next run (env DEVICETRAIL_RETENTION_LOCK_TIMEOUT)."
              + " Default: ${DEFAULT-VALUE}")
  Duration lockTimeout;

  @Mixin WarehouseOptions warehouseOptions;

  @Mixin SupportOptions supportOptions;

  private final Clock clock;

  public RetentionCommand() {
    this(Clock.systemUTC());
  }

  /** With another clock: tests move time instead of waiting for it. */
  public RetentionCommand(Clock clock) {
    this.clock = clock;
  }

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    for (Duration d :
        new Duration[] {
          signalRaw, signalHourly, signalDaily, activityEvent, signalRecent, activityRecent
        }) {
      if (d.isNegative() || d.isZero()) {
        LOG.error("Retention periods must be positive, got {}", d);
        return 2;
      }
    }
    if (daysAhead < 0 || deleteBatch.isNegative() || deleteBatch.isZero()) {
      LOG.error("--days-ahead must be 0 or more and --delete-batch positive");
      return 2;
    }
    Instant now = clock.instant();
    if (dryRun) {
      out.println("Dry run: nothing is changed. Now: " + now);
    }
    try {
      if (!skipWarehouse) {
        Map<WarehouseTier, Duration> tiers = new LinkedHashMap<>();
        tiers.put(WarehouseTier.SIGNAL_RAW, signalRaw);
        tiers.put(WarehouseTier.SIGNAL_HOURLY, signalHourly);
        tiers.put(WarehouseTier.SIGNAL_DAILY, signalDaily);
        tiers.put(WarehouseTier.ACTIVITY_EVENT, activityEvent);
        new WarehouseRetention(
                warehouseOptions.connection(),
                warehouseOptions.dialect(),
                deleteBatch,
                reclaimAfterRows,
                line -> println(out, line))
            .run(tiers, now, dryRun);
      }
      if (!skipSupport) {
        Map<String, Duration> tables = new LinkedHashMap<>();
        tables.put("signal_recent", signalRecent);
        tables.put("activity_recent", activityRecent);
        new SupportPartitions(supportOptions.database(), lockTimeout, line -> println(out, line))
            .run(tables, daysAhead, now, dryRun);
      }
      return 0;
    } catch (IllegalArgumentException e) {
      LOG.error("{}", e.getMessage());
      return 2;
    } catch (IllegalStateException e) {
      LOG.error("{}", e.getMessage());
      return 1;
    } catch (SQLException e) {
      LOG.error(
          "Retention failed; what was done so far stays done, a rerun continues: {}",
          e.getMessage());
      return 1;
    }
  }

  private static void println(PrintWriter out, String line) {
    out.println(line);
    out.flush();
  }
}
