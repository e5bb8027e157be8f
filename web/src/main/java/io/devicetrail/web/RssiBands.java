package io.devicetrail.web;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * How a device's readings spread over quality bands of RSSI, the per-device histogram support asked
 * for. The bands are the usual reading of cellular IoT RSSI: at or above -70 dBm excellent, -85
 * good, -100 fair, -110 poor, below that barely connected.
 */
public final class RssiBands {

  /** A band: readings with RSSI in [lowerDbm, the next band's lower bound). */
  public enum Band {
    EXCELLENT("excellent", "≥ -70 dBm", -70),
    GOOD("good", "-85 to -70 dBm", -85),
    FAIR("fair", "-100 to -85 dBm", -100),
    POOR("poor", "-110 to -100 dBm", -110),
    BAD("bad", "< -110 dBm", Double.NEGATIVE_INFINITY);

    final String word;
    final String range;
    final double lowerDbm;

    Band(String word, String range, double lowerDbm) {
      this.word = word;
      this.range = range;
      this.lowerDbm = lowerDbm;
    }

    public String word() {
      return word;
    }

    static Band of(double rssi) {
      for (Band b : values()) {
        if (rssi >= b.lowerDbm) {
          return b;
        }
      }
      return BAD;
    }
  }

  /** Readings per band (in {@link Band} order) over one window. */
  public record Distribution(long[] counts) {
    public long total() {
      long n = 0;
      for (long c : counts) {
        n += c;
      }
      return n;
    }

    public long count(Band b) {
      return counts[b.ordinal()];
    }
  }

  private RssiBands() {}

  /** The distribution of the device's readings in [from, to), counted by the database. */
  public static Distribution load(Connection c, String deviceId, Instant from, Instant to)
      throws SQLException {
    StringBuilder sql = new StringBuilder("SELECT");
    Band[] bands = Band.values();
    for (int i = 0; i < bands.length; i++) {
      double upper = i == 0 ? Double.POSITIVE_INFINITY : bands[i - 1].lowerDbm;
      sql.append(i == 0 ? " " : ", ")
          .append("count(*) FILTER (WHERE rssi_dbm >= ")
          .append(Double.isInfinite(bands[i].lowerDbm) ? "'-Infinity'::float8" : bands[i].lowerDbm)
          .append(Double.isInfinite(upper) ? "" : " AND rssi_dbm < " + upper)
          .append(")");
    }
    sql.append(" FROM signal_recent WHERE device_id = ? AND ts >= ? AND ts < ?");
    long[] counts = new long[bands.length];
    try (PreparedStatement ps = c.prepareStatement(sql.toString())) {
      ps.setString(1, deviceId);
      ps.setObject(2, from.atOffset(ZoneOffset.UTC));
      ps.setObject(3, to.atOffset(ZoneOffset.UTC));
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        for (int i = 0; i < bands.length; i++) {
          counts[i] = rs.getLong(i + 1);
        }
      }
    }
    return new Distribution(counts);
  }

  /** A table of the two windows side by side, each band with its count, share and a bar. */
  public static String render(Distribution shortWindow, Distribution longWindow) {
    StringBuilder out = new StringBuilder();
    out.append("<table id=\"rssi-bands\"><tr><th>Band</th><th>RSSI</th>")
        .append("<th>Last 48 hours</th><th></th><th>Last 14 days</th><th></th></tr>\n");
    for (Band b : Band.values()) {
      out.append("<tr class=\"band-")
          .append(b.word)
          .append("\"><td>")
          .append(b.word)
          .append("</td><td>")
          .append(Html.escape(b.range))
          .append("</td>");
      cell(out, "48h", b, shortWindow);
      cell(out, "14d", b, longWindow);
      out.append("</tr>\n");
    }
    out.append("</table>");
    return out.toString();
  }

  private static void cell(StringBuilder out, String window, Band b, Distribution d) {
    long n = d.count(b);
    long total = d.total();
    double share = total == 0 ? 0 : (double) n / total;
    out.append("<td class=\"n\" data-window=\"")
        .append(window)
        .append("\" data-band=\"")
        .append(b.word)
        .append("\">")
        .append(n)
        .append(total == 0 ? "" : String.format(Locale.ROOT, " (%.0f %%)", share * 100))
        .append("</td><td><span class=\"bar band-")
        .append(b.word)
        .append("\" style=\"width:")
        .append(String.format(Locale.ROOT, "%.0f", share * 160))
        .append("px\"></span></td>");
  }

  static List<Band> bands() {
    return new ArrayList<>(List.of(Band.values()));
  }
}
