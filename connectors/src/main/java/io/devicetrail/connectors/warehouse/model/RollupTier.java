package io.devicetrail.connectors.warehouse.model;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/** The two rollup tiers of CONTRACT §5: UTC-aligned hours and days. */
public enum RollupTier {
  HOUR(Duration.ofHours(1), "signal_hourly"),
  DAY(Duration.ofDays(1), "signal_daily");

  private final Duration bucketLength;
  private final String tableName;

  RollupTier(Duration bucketLength, String tableName) {
    this.bucketLength = bucketLength;
    this.tableName = tableName;
  }

  /** The length of one bucket: 1 h or 24 h (UTC has no DST, so every day is 24 h). */
  public Duration bucketLength() {
    return bucketLength;
  }

  /** The bucket length in seconds: 3600 or 86400. */
  public long bucketSeconds() {
    return bucketLength.toSeconds();
  }

  /** The warehouse table of this tier (CONTRACT §5). */
  public String tableName() {
    return tableName;
  }

  /** The start of the UTC-aligned bucket holding {@code ts}. */
  public Instant bucketStart(Instant ts) {
    return ts.truncatedTo(this == HOUR ? ChronoUnit.HOURS : ChronoUnit.DAYS);
  }

  /** The start of the UTC-aligned bucket holding {@code epochMillis}, in epoch milliseconds. */
  public long bucketStartMillis(long epochMillis) {
    return Math.floorDiv(epochMillis, bucketLength.toMillis()) * bucketLength.toMillis();
  }
}
