package io.devicetrail.web;

import java.sql.Connection;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/**
 * Five devices of two tenants, one per status, with what the pages must show about them: a sleeper
 * with a 5-hour gap and two cell changes in its last 48 hours, a streamer, an overdue device with
 * timeouts and a failed config update, a silent one, and a second tenant's sleeper.
 */
final class SmallFleet {

  static final String SLEEPER = "acme-sleeper-1";
  static final String STREAMER = "acme-streamer-1";
  static final String LATE = "acme-late-1";
  static final String DEAD = "globex-dead-1";
  static final String GLOBEX_SLEEPER = "globex-sleeper-1";

  /** The sleeper's readings of the last 48 hours, as inserted. */
  final List<Instant> sleeperRecent = new ArrayList<>();

  /** All the sleeper's readings, as inserted. */
  final List<Instant> sleeperAll = new ArrayList<>();

  /**
   * The fleet's "now" when inserted: fixed, so that what the pages say never depends on the hour.
   */
  final Instant insertedAt = Instant.parse("2026-11-02T12:00:00Z");

  /** The pages' clock: a minute after the fleet was inserted, as a support engineer would look. */
  Clock serverClock() {
    return Clock.fixed(insertedAt.plus(Duration.ofMinutes(1)), ZoneOffset.UTC);
  }

  void insert(Connection c) throws Exception {
    SupportRows rows = new SupportRows(c);
    Instant now = insertedAt;

    // ASLEEP: 10-minute readings uploaded every 6 h; last upload 2 h ago, due in 4 h.
    rows.device(SLEEPER, "acme", "Amsterdam", 600);
    rows.latest(SLEEPER, "acme", 600, 21_600, now.minus(h(2)), now.plus(h(4)), -88, "cell-A");
    sleeperRecent.addAll(SupportRows.every(now.minus(h(47)), now.minus(h(30)), 600));
    sleeperRecent.addAll(SupportRows.every(now.minus(h(25)), now.minus(h(2)), 600));
    Instant toB = now.minus(h(20));
    Instant backToA = now.minus(h(10));
    rows.readings(
        SLEEPER,
        "acme",
        -88,
        sleeperRecent,
        t -> t.isBefore(toB) || !t.isBefore(backToA) ? "cell-A" : "cell-B");
    // 12 older hours for the 14-day chart and the coverage table
    List<Instant> older = SupportRows.every(now.minus(h(240)), now.minus(h(228)), 600);
    rows.readings(SLEEPER, "acme", -88, older, t -> "cell-A");
    sleeperAll.addAll(older);
    sleeperAll.addAll(sleeperRecent);
    rows.activity(SLEEPER, "acme", now.minus(h(2)), "CONNECT", "OK", "{\"rat\":\"NB-IoT\"}");
    rows.activity(
        SLEEPER, "acme", now.minus(h(26)), "CONFIG_UPDATE", "FAILED", "{\"error\":\"<rejected>\"}");

    // AWAKE: streams a reading a minute.
    rows.device(STREAMER, "acme", "Amsterdam", 60);
    rows.latest(STREAMER, "acme", 60, 60, now.minusSeconds(20), now.plus(min(10)), -70, "cell-C");
    rows.readings(
        STREAMER,
        "acme",
        -70,
        SupportRows.every(now.minus(h(3)), now.minusSeconds(20), 60),
        t -> "cell-C");

    // OVERDUE: hourly uploads, due 30 min ago, timing out.
    rows.device(LATE, "acme", "Utrecht", 300);
    rows.latest(LATE, "acme", 300, 3_600, now.minus(min(90)), now.minus(min(30)), -104, "cell-D");
    rows.readings(
        LATE,
        "acme",
        -104,
        SupportRows.every(now.minus(h(12)), now.minus(min(90)), 300),
        t -> "cell-D");
    for (int i = 1; i <= 3; i++) {
      rows.activity(LATE, "acme", now.minus(min(10L * i)), "TIMEOUT", "FAILED", null);
    }

    // SILENT: nothing for 5 days.
    rows.device(DEAD, "globex", "Rotterdam", 900);
    rows.latest(DEAD, "globex", 900, 3_600, now.minus(h(120)), now.minus(h(119)), -118, "cell-X");
    rows.readings(
        DEAD,
        "globex",
        -118,
        SupportRows.every(now.minus(h(130)), now.minus(h(120)), 900),
        t -> "cell-X");

    // ASLEEP, the other tenant.
    rows.device(GLOBEX_SLEEPER, "globex", "Rotterdam", 600);
    rows.latest(
        GLOBEX_SLEEPER, "globex", 600, 21_600, now.minus(h(1)), now.plus(h(5)), -95, "cell-Y");
    rows.readings(
        GLOBEX_SLEEPER,
        "globex",
        -95,
        SupportRows.every(now.minus(h(20)), now.minus(h(1)), 600),
        t -> "cell-Y");
  }

  /** The RSSI SupportRows.readings gives a reading at {@code t} around {@code base}. */
  static double rssi(double base, Instant t) {
    return base - 5 + (t.getEpochSecond() / 600) % 11;
  }

  private static Duration h(long hours) {
    return Duration.ofHours(hours);
  }

  private static Duration min(long minutes) {
    return Duration.ofMinutes(minutes);
  }
}
