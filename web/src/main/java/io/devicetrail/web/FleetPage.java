package io.devicetrail.web;

import io.devicetrail.web.FleetQueries.DeviceRow;
import io.devicetrail.web.FleetQueries.RankedDevice;
import io.devicetrail.web.FleetQueries.Search;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The fleet page: counts by status, search with keyset paging, overdue now, worst devices. */
public final class FleetPage {

  static final int PAGE_SIZE = 50;
  static final int TOP_N = 10;

  /** The windows of the worst-devices lists. */
  public enum Window {
    HOUR(Duration.ofHours(1)),
    DAY(Duration.ofDays(1)),
    WEEK(Duration.ofDays(7));

    final Duration length;

    Window(Duration length) {
      this.length = length;
    }

    static Window parse(String value) {
      if (value == null || value.isBlank()) {
        return HOUR;
      }
      for (Window w : values()) {
        if (w.name().equalsIgnoreCase(value)) {
          return w;
        }
      }
      throw new PageException(400, "Unknown window", "The window must be hour, day or week.");
    }

    String word() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /** What the request asked for. */
  public record Query(Search search, String after, Window window) {}

  /** Everything the page shows, read in one transaction. */
  public record Data(
      Query query,
      Map<Status, Long> counts,
      List<DeviceRow> devices,
      boolean hasMore,
      List<RankedDevice> overdue,
      List<RankedDevice> weakestSignal,
      List<RankedDevice> mostTimeouts,
      List<RankedDevice> lowestCoverage) {}

  private static final Template BODY = Template.load("fleet");

  private FleetPage() {}

  /**
   * Checks the search terms before any query: a device id prefix must use device id characters (so
   * SQL typed into the box gets a clear message), tenants and sites are plain text.
   */
  public static Query parse(Map<String, String> params) {
    String device = params.getOrDefault("device", "").strip();
    if (!device.isEmpty() && !io.devicetrail.events.Validator.isValidDeviceId(device)) {
      throw new PageException(
          400,
          "Not a device id",
          "\""
              + clip(device)
              + "\" cannot be (part of) a device id: device ids are 1-128 characters of"
              + " A-Z a-z 0-9 . _ : -");
    }
    String tenant = params.getOrDefault("tenant", "").strip();
    String site = params.getOrDefault("site", "").strip();
    if (tenant.length() > 128 || site.length() > 128) {
      throw new PageException(
          400, "Search too long", "Tenant and site are at most 128 characters.");
    }
    String after = params.get("after");
    if (after != null && !io.devicetrail.events.Validator.isValidDeviceId(after)) {
      throw new PageException(400, "Bad page link", "The 'after' parameter is not a device id.");
    }
    return new Query(new Search(device, tenant, site), after, Window.parse(params.get("window")));
  }

  public static Data load(Connection c, Query q, Instant now) throws SQLException {
    List<DeviceRow> rows = FleetQueries.search(c, q.search(), q.after(), PAGE_SIZE + 1);
    boolean more = rows.size() > PAGE_SIZE;
    FleetQueries.SignalRanks ranks = FleetQueries.signalRanks(c, now, q.window().length, TOP_N);
    return new Data(
        q,
        FleetQueries.countsByStatus(c),
        more ? rows.subList(0, PAGE_SIZE) : rows,
        more,
        FleetQueries.overdueNow(c, now, TOP_N * 2),
        ranks.weakestSignal(),
        FleetQueries.mostTimeouts(c, now, q.window().length, TOP_N),
        ranks.lowestCoverage());
  }

  public static String render(Data d, Viewer viewer, Instant now) {
    Query q = d.query();
    StringBuilder counts = new StringBuilder();
    for (Map.Entry<Status, Long> e : d.counts().entrySet()) {
      counts
          .append("<a class=\"count\" id=\"count-")
          .append(e.getKey().word())
          .append("\"><span class=\"n\">")
          .append(e.getValue())
          .append("</span><span class=\"badge ")
          .append(e.getKey().word())
          .append("\">")
          .append(e.getKey().name())
          .append("</span></a>");
    }
    Map<String, Object> v = new LinkedHashMap<>();
    v.put("counts", Html.safe(counts.toString()));
    v.put("q_device", q.search().devicePrefix());
    v.put("q_tenant", q.search().tenant());
    v.put("q_site", q.search().site());
    v.put("search_summary", summary(d));
    v.put("device_rows", Html.safe(deviceRows(d.devices(), now)));
    v.put("next_page", Html.safe(d.hasMore() ? nextPageLink(d) : ""));
    v.put("overdue_rows", Html.safe(rankedRows(d.overdue(), r -> r.note(), false)));
    v.put("window", q.window().word());
    v.put("window_links", Html.safe(windowLinks(q)));
    v.put(
        "worst_signal",
        Html.safe(
            rankedRows(
                d.weakestSignal(), r -> String.format(Locale.ROOT, "%.1f", r.value()), true)));
    v.put(
        "worst_timeouts",
        Html.safe(rankedRows(d.mostTimeouts(), r -> String.valueOf((long) r.value()), false)));
    v.put(
        "worst_coverage",
        Html.safe(
            rankedRows(
                d.lowestCoverage(),
                r -> String.format(Locale.ROOT, "%.0f %%", r.value() * 100),
                true)));
    return DevicePage.page("Fleet", viewer, BODY.render(v));
  }

  private static String summary(Data d) {
    Search s = d.query().search();
    boolean filtered = !s.devicePrefix().isEmpty() || !s.tenant().isEmpty() || !s.site().isEmpty();
    if (d.devices().isEmpty()) {
      return filtered ? "No devices match this search." : "No devices yet.";
    }
    return (filtered ? "Devices matching the search" : "All devices")
        + ", by id"
        + (d.query().after() == null ? "" : ", after " + d.query().after())
        + ": "
        + d.devices().size()
        + (d.hasMore() ? " shown, more on the next page." : ".");
  }

  private static String deviceRows(List<DeviceRow> rows, Instant now) {
    StringBuilder out = new StringBuilder();
    for (DeviceRow r : rows) {
      out.append("<tr><td>")
          .append(deviceLink(r.deviceId()))
          .append("</td><td>")
          .append(Html.escape(r.tenantId()))
          .append("</td><td>")
          .append(Html.escape(r.site()))
          .append("</td><td>")
          .append(Html.escape(r.model()))
          .append("</td><td><span class=\"badge ")
          .append(r.status().word())
          .append("\">")
          .append(r.status().name())
          .append("</span></td><td>")
          .append(
              Html.escape(
                  r.lastReadingTs() == null ? "—" : Durations.relative(r.lastReadingTs(), now)))
          .append("</td><td>")
          .append(r.rssiDbm() == null ? "—" : String.format(Locale.ROOT, "%.0f dBm", r.rssiDbm()))
          .append("</td></tr>\n");
    }
    return out.toString();
  }

  private static String rankedRows(
      List<RankedDevice> rows,
      java.util.function.Function<RankedDevice, String> value,
      boolean withNote) {
    if (rows.isEmpty()) {
      return "<tr><td colspan=\"4\" class=\"muted\">none</td></tr>";
    }
    StringBuilder out = new StringBuilder();
    for (RankedDevice r : rows) {
      out.append("<tr><td>")
          .append(deviceLink(r.deviceId()))
          .append("</td><td>")
          .append(Html.escape(r.tenantId()))
          .append("</td><td>")
          .append(Html.escape(value.apply(r)))
          .append("</td>");
      if (withNote) {
        out.append("<td class=\"muted\">").append(Html.escape(r.note())).append("</td>");
      }
      out.append("</tr>\n");
    }
    return out.toString();
  }

  private static String nextPageLink(Data d) {
    Query q = d.query();
    String last = d.devices().get(d.devices().size() - 1).deviceId();
    String href =
        "/?device="
            + url(q.search().devicePrefix())
            + "&tenant="
            + url(q.search().tenant())
            + "&site="
            + url(q.search().site())
            + "&window="
            + q.window().word()
            + "&after="
            + url(last);
    return "<a id=\"next-page\" href=\"" + Html.escape(href) + "\">Next page →</a>";
  }

  private static String windowLinks(Query q) {
    StringBuilder out = new StringBuilder();
    for (Window w : Window.values()) {
      if (w == q.window()) {
        out.append("<strong>").append(w.word()).append("</strong> ");
      } else {
        String href =
            "/?device="
                + url(q.search().devicePrefix())
                + "&tenant="
                + url(q.search().tenant())
                + "&site="
                + url(q.search().site())
                + "&window="
                + w.word();
        out.append("<a href=\"")
            .append(Html.escape(href))
            .append("\">")
            .append(w.word())
            .append("</a> ");
      }
    }
    return out.toString();
  }

  static String deviceLink(String deviceId) {
    return "<a href=\"/devices/"
        + Html.escape(url(deviceId))
        + "\">"
        + Html.escape(deviceId)
        + "</a>";
  }

  private static String url(String s) {
    return URLEncoder.encode(s == null ? "" : s, StandardCharsets.UTF_8);
  }

  private static String clip(String s) {
    return s.length() <= 60 ? s : s.substring(0, 60) + "…";
  }
}
