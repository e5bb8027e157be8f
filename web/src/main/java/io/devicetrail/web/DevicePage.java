package io.devicetrail.web;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** The device page: current state and status reason, two signal charts, coverage, activity. */
public final class DevicePage {

  static final Duration SHORT_WINDOW = Duration.ofHours(48);
  static final Duration LONG_WINDOW = Duration.ofDays(14);
  static final int COVERAGE_DAYS = 14;
  static final int ACTIVITY_LIMIT = 200;

  /** When the interval is unknown, the chart assumes this one to find gaps. */
  private static final int FALLBACK_INTERVAL_S = 900;

  /** Everything the page shows, read in one transaction. */
  public record Data(
      DeviceState state,
      List<SignalPoint> recent,
      List<SignalPoint> hourly,
      List<CellChange> cellChanges,
      List<ActivityEntry> activity,
      List<CoverageDay> coverage,
      List<SiteChange> sites,
      RssiBands.Distribution bands48h,
      RssiBands.Distribution bands14d) {}

  static final int SITE_HISTORY_LIMIT = 50;

  private static final Template LAYOUT = Template.load("layout");
  private static final Template BODY = Template.load("device");

  private DevicePage() {}

  public static Optional<Data> load(Connection c, String deviceId) throws SQLException {
    Optional<DeviceState> found = DeviceQueries.state(c, deviceId);
    if (found.isEmpty()) {
      return Optional.empty();
    }
    DeviceState s = found.get();
    Instant now = s.now();
    Instant end = now.plusSeconds(1);
    return Optional.of(
        new Data(
            s,
            DeviceQueries.readings(c, deviceId, now.minus(SHORT_WINDOW), end),
            DeviceQueries.hourly(c, deviceId, now.minus(LONG_WINDOW), end),
            DeviceQueries.cellChanges(c, deviceId, now.minus(LONG_WINDOW), end),
            DeviceQueries.activity(c, deviceId, now.minus(LONG_WINDOW), end, ACTIVITY_LIMIT),
            DeviceQueries.coverage(c, deviceId, s.expectedIntervalS(), now, COVERAGE_DAYS),
            SiteChange.history(c, deviceId, SITE_HISTORY_LIMIT),
            RssiBands.load(c, deviceId, now.minus(SHORT_WINDOW), end),
            RssiBands.load(c, deviceId, now.minus(LONG_WINDOW), end)));
  }

  public static String render(Data data, Viewer viewer) {
    DeviceState s = data.state();
    Instant now = s.now();
    int intervalS =
        s.expectedIntervalS() != null && s.expectedIntervalS() > 0
            ? s.expectedIntervalS()
            : FALLBACK_INTERVAL_S;
    Duration rawGap = Duration.ofSeconds(3L * intervalS);
    Duration hourlyGap = max(Duration.ofHours(2), rawGap);
    String chart48 =
        new SignalChart(now.minus(SHORT_WINDOW), now, rawGap, true)
            .render(
                "chart-48h",
                "RSSI and SNR of " + s.deviceId() + ", last 48 hours",
                data.recent(),
                data.cellChanges());
    String chart14 =
        new SignalChart(now.minus(LONG_WINDOW), now, hourlyGap, false)
            .render(
                "chart-14d",
                "RSSI and SNR of " + s.deviceId() + ", last 14 days",
                data.hourly(),
                data.cellChanges());
    String body =
        BODY.render(
            Map.ofEntries(
                Map.entry("device_id", s.deviceId()),
                Map.entry("status", s.status().name()),
                Map.entry("status_class", s.status().word()),
                Map.entry("reason", StatusReason.explain(s)),
                Map.entry("tenant", orDash(s.tenantId())),
                Map.entry("site", orDash(s.site())),
                Map.entry("model", orDash(s.model())),
                Map.entry("firmware", orDash(s.firmware())),
                Map.entry("last_reading", when(s.lastReadingTs(), now)),
                Map.entry("last_upload", when(s.lastUploadAt(), now)),
                Map.entry("signal", signal(s.rssiDbm(), s.snrDb())),
                Map.entry("battery", s.batteryMv() == null ? "—" : s.batteryMv() + " mV"),
                Map.entry("cell", orDash(s.cellId())),
                Map.entry("cadence", cadence(s)),
                Map.entry("next_due", when(s.nextUploadDueAt(), now)),
                Map.entry(
                    "last_activity",
                    s.lastActivityTs() == null
                        ? "—"
                        : s.lastActivityType()
                            + " "
                            + s.lastActivityOutcome()
                            + ", "
                            + Durations.relative(s.lastActivityTs(), now)),
                Map.entry("chart_48h", Html.safe(chart48)),
                Map.entry("chart_14d", Html.safe(chart14)),
                Map.entry(
                    "coverage_basis",
                    s.expectedIntervalS() == null
                        ? "No sampling interval known yet: nothing expected."
                        : "Expected: one reading every "
                            + Durations.approx(s.expectedIntervalS())
                            + (s.learnedIntervalS() != null
                                ? " (learned)."
                                : " (vendor's reporting interval).")),
                Map.entry("coverage_rows", Html.safe(coverageRows(data.coverage()))),
                Map.entry("activity_rows", Html.safe(activityRows(data.activity()))),
                Map.entry(
                    "rssi_bands", Html.safe(RssiBands.render(data.bands48h(), data.bands14d()))),
                Map.entry("site_rows", Html.safe(siteRows(data.sites(), now)))));
    return page("Device " + s.deviceId(), viewer, body);
  }

  static String page(String title, Viewer viewer, String body) {
    return LAYOUT.render(
        Map.of(
            "title",
            title,
            "viewer",
            viewer == null ? "" : viewer.label(),
            "body",
            Html.safe(body)));
  }

  static String cadence(DeviceState s) {
    if (s.learnedIntervalS() == null && s.learnedUploadGapS() == null) {
      return "not learned yet";
    }
    StringBuilder out = new StringBuilder();
    if (s.learnedIntervalS() != null) {
      out.append("a reading every ").append(Durations.approx(s.learnedIntervalS()));
    }
    if (s.learnedUploadGapS() != null) {
      out.append(out.length() > 0 ? ", " : "")
          .append("uploads every ")
          .append(Durations.approx(s.learnedUploadGapS()));
    }
    return out.toString();
  }

  static String signal(Double rssi, Double snr) {
    if (rssi == null) {
      return "—";
    }
    return String.format(Locale.ROOT, "%.0f dBm", rssi)
        + (snr == null ? "" : String.format(Locale.ROOT, ", SNR %.1f dB", snr));
  }

  private static String when(Instant t, Instant now) {
    return t == null ? "—" : Durations.utc(t) + " (" + Durations.relative(t, now) + ")";
  }

  private static String coverageRows(List<CoverageDay> days) {
    StringBuilder rows = new StringBuilder();
    for (CoverageDay d : days) {
      Double ratio = d.ratio();
      rows.append("<tr><td>")
          .append(Html.escape(d.day().toString()))
          .append("</td><td>")
          .append(d.readings())
          .append("</td><td>")
          .append(d.expected() == null ? "—" : d.expected())
          .append("</td><td>")
          .append(ratio == null ? "—" : String.format(Locale.ROOT, "%.0f %%", ratio * 100))
          .append("</td></tr>\n");
    }
    return rows.toString();
  }

  private static String activityRows(List<ActivityEntry> entries) {
    if (entries.isEmpty()) {
      return "<tr><td colspan=\"4\" class=\"muted\">no activity in the last 14 days</td></tr>";
    }
    StringBuilder rows = new StringBuilder();
    for (ActivityEntry e : entries) {
      rows.append(e.isTrouble() ? "<tr class=\"trouble\"><td>" : "<tr><td>")
          .append(Html.escape(Durations.utc(e.ts())))
          .append("</td><td>")
          .append(Html.escape(e.type()))
          .append("</td><td>")
          .append(Html.escape(e.outcome()))
          .append("</td><td>")
          .append(Html.escape(e.detailJson() == null ? "" : clip(e.detailJson(), 120)))
          .append("</td></tr>\n");
    }
    return rows.toString();
  }

  private static String siteRows(List<SiteChange> sites, Instant now) {
    if (sites.isEmpty()) {
      return "<tr><td colspan=\"2\" class=\"muted\">no site recorded</td></tr>";
    }
    StringBuilder rows = new StringBuilder();
    for (int i = 0; i < sites.size(); i++) {
      SiteChange change = sites.get(i);
      boolean first = i == sites.size() - 1;
      rows.append(i == 0 ? "<tr class=\"current\"><td>" : "<tr><td>")
          .append(Html.escape(orDash(change.site())))
          .append("</td><td>")
          .append(first ? "listed " : "since ")
          .append(Html.escape(Durations.utc(change.validFrom())))
          .append(" (")
          .append(Html.escape(Durations.relative(change.validFrom(), now)))
          .append(")</td></tr>\n");
    }
    return rows.toString();
  }

  private static String clip(String s, int max) {
    return s.length() <= max ? s : s.substring(0, max) + "…";
  }

  private static String orDash(String s) {
    return s == null || s.isEmpty() ? "—" : s;
  }

  private static Duration max(Duration a, Duration b) {
    return a.compareTo(b) >= 0 ? a : b;
  }
}
