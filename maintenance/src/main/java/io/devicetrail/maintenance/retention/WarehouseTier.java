package io.devicetrail.maintenance.retention;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/** The warehouse tables with a retention (CONTRACT §5), the time column each keeps by. */
public enum WarehouseTier {
  SIGNAL_RAW("signal_raw", "ts", ChronoUnit.HOURS, Duration.ofDays(7)),
  SIGNAL_HOURLY("signal_hourly", "bucket_start", ChronoUnit.HOURS, Duration.ofDays(35)),
  SIGNAL_DAILY("signal_daily", "bucket_start", ChronoUnit.DAYS, Duration.ofDays(400)),
  ACTIVITY_EVENT("activity_event", "ts", ChronoUnit.HOURS, Duration.ofDays(400));

  private final String table;
  private final String timeColumn;
  private final ChronoUnit unit;
  private final Duration defaultRetention;

  WarehouseTier(String table, String timeColumn, ChronoUnit unit, Duration defaultRetention) {
    this.table = table;
    this.timeColumn = timeColumn;
    this.unit = unit;
    this.defaultRetention = defaultRetention;
  }

  public String table() {
    return table;
  }

  public String timeColumn() {
    return timeColumn;
  }

  /** CONTRACT §5's "kept". */
  public Duration defaultRetention() {
    return defaultRetention;
  }

  /**
   * Rows with a time before this go: {@code now - retention}, down to a whole hour (a whole day for
   * the daily tier), so that a bucket is kept or deleted whole and never a row within retention.
   */
  public Instant cutoff(Instant now, Duration retention) {
    return now.minus(retention).truncatedTo(unit);
  }
}
