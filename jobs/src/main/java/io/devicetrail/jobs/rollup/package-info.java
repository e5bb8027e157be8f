/**
 * Hourly and daily signal rollups per device, in each device's own event time, with the device's
 * learned cadence (CONTRACT §4–6).
 *
 * <p>Entry points: {@link io.devicetrail.jobs.rollup.RollupStage#attach} wires {@link
 * io.devicetrail.jobs.rollup.DeviceRollupFunction} (keyed by {@code device_id}; readings on input
 * 1, device snapshots on input 2; {@code SignalRollup} rows out, {@code DeviceCadence} on the side
 * output {@link io.devicetrail.jobs.rollup.DeviceRollupFunction#CADENCE}); {@link
 * io.devicetrail.jobs.rollup.RollupOptions} holds the settings; {@link
 * io.devicetrail.jobs.rollup.RollupOracle} recomputes the same rows in batch.
 *
 * <h2>Semantics</h2>
 *
 * <ul>
 *   <li><b>Event time per device.</b> A device's clock is its newest {@code ts}. Buckets (UTC hours
 *       and days) close when that clock passes their end, or earlier when the reporting interval
 *       shows the next reading falls past it ({@code newest + interval >= end}, interval = the
 *       shorter of the vendor's and the learned one). A sleeper that uploads 10 h at once closes
 *       its 10 hours during the upload: 10 rows, each written once. No watermark; no device waits
 *       for another.
 *   <li><b>Provisional rows.</b> A bucket left open (the device went to sleep mid-hour) is written
 *       with {@code is_final = false} once the device is {@code inactivityDelay} (default 15 min)
 *       overdue for its next reading in processing time: last arrival + interval + delay.
 *   <li><b>Revisions.</b> Readings that reach a bucket after its first row make it dirty; the row
 *       is rewritten whole with {@code revision + 1} when the bucket is closed (at once if it
 *       already is) or after the inactivity delay. {@code late_readings} counts them; {@code
 *       max_lateness_s} is the largest {@code fetched_at - ts} (whole seconds, at least 0) among
 *       them.
 *   <li><b>Finality.</b> With {@code edge = newest ts - horizon} (default 7 days): a reading with
 *       {@code ts < edge} is beyond the horizon (counted in {@code beyondHorizonReadings}, not
 *       rolled up; it still reaches the raw tiers); a bucket with {@code end <= edge} is final and
 *       written a last time with {@code is_final = true}, keeping its revision unless it had new
 *       readings. Event time decides, so a replay or a backfill behaves like the live stream.
 *   <li><b>Silent devices.</b> After {@code idleTimeout} (default horizon + 1 day) of processing
 *       time without readings, every row not yet final is written final and the device's state is
 *       dropped. If the job itself is stopped for longer than that, the overdue timers fire on
 *       restore before the backlog is read, and the reconcile command must fold the backlog in.
 *   <li><b>Duplicates.</b> A {@code (device_id, ts)} already held never counts twice; a duplicate
 *       older than the horizon counts as beyond the horizon.
 *   <li><b>Cadence.</b> {@code learned_interval_s}: median of the last 15 gaps between consecutive
 *       new readings (at least 3), snapped to 5 s above a minute. An upload is the readings whose
 *       {@code fetched_at} lies within {@code uploadBurstWindow} (10 s) of its first one; {@code
 *       learned_upload_gap_s}: median of the last 9 gaps between uploads' {@code fetched_at} (at
 *       least 2), snapped to 10 s / 1 min; {@code next_upload_due_at = last upload's fetched_at +
 *       learned_upload_gap_s}. Published about once per upload. {@code expected_readings} uses the
 *       vendor interval, else the learned one (at the time the row is written).
 *   <li><b>State.</b> Per device one small value (clock, held hours, daily row progress, cell
 *       numbers, cadence) and one map entry per held hour (per reading about 3 bytes: ts as
 *       delta-of-delta, rssi as scaled deltas when exact, cell number). Hours are kept until their
 *       day is final. A 5-minute device peaks at about 14 KB (whole-dB rssi) or 30 KB (arbitrary
 *       double rssi) of checkpointed state at the default horizon.
 * </ul>
 */
package io.devicetrail.jobs.rollup;
