package io.devicetrail.poller.schedule;

/**
 * What one poll of one feed of a device found: how many records beyond the cursor, and the range of
 * their {@code ts} (epoch seconds; 0 when there were none with a usable ts).
 */
public record FeedResult(int records, long oldestTsS, long newestTsS) {
  public static final FeedResult NOTHING = new FeedResult(0, 0, 0);

  public boolean foundData() {
    return records > 0 && newestTsS > 0;
  }
}
