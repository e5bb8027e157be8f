package io.devicetrail.web;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A server-side SVG chart of RSSI (left axis) and SNR (right axis) over a time window. A pause
 * longer than {@code gapThreshold} between consecutive points breaks both lines and is shaded, so a
 * gap reads as a gap and not as a straight line; cell changes are dashed vertical markers. The root
 * element carries data-points, data-gaps and data-cell-changes for tests and scripts.
 */
public final class SignalChart {

  static final int WIDTH = 960;
  static final int HEIGHT = 240;
  private static final int LEFT = 48;
  private static final int RIGHT = 48;
  private static final int TOP = 12;
  private static final int BOTTOM = 28;
  private static final double RSSI_MIN = -130;
  private static final double RSSI_MAX = -40;
  private static final double SNR_MIN = -20;
  private static final double SNR_MAX = 30;

  /** Above this many points the dots would only blur the line: the line alone is drawn. */
  static final int MAX_DOTS = 5_000;

  private final Instant from;
  private final Instant to;
  private final Duration gapThreshold;
  private final boolean markEachPoint;

  /**
   * @param gapThreshold a longer pause between two consecutive points is drawn as a gap
   * @param markEachPoint draw a dot per point (for the 48-hour chart of raw readings), up to {@link
   *     #MAX_DOTS}
   */
  public SignalChart(Instant from, Instant to, Duration gapThreshold, boolean markEachPoint) {
    if (!to.isAfter(from)) {
      throw new IllegalArgumentException("the chart's window must end after it starts");
    }
    this.from = from;
    this.to = to;
    this.gapThreshold = gapThreshold;
    this.markEachPoint = markEachPoint;
  }

  /** Consecutive runs of points with no pause longer than the threshold. */
  List<List<SignalPoint>> segments(List<SignalPoint> points) {
    List<List<SignalPoint>> segments = new ArrayList<>();
    List<SignalPoint> current = new ArrayList<>();
    SignalPoint previous = null;
    for (SignalPoint p : points) {
      if (previous != null && Duration.between(previous.ts(), p.ts()).compareTo(gapThreshold) > 0) {
        segments.add(current);
        current = new ArrayList<>();
      }
      current.add(p);
      previous = p;
    }
    if (!current.isEmpty()) {
      segments.add(current);
    }
    return segments;
  }

  public String render(String id, String title, List<SignalPoint> points, List<CellChange> cells) {
    List<List<SignalPoint>> segments = segments(points);
    List<CellChange> visibleCells =
        cells.stream().filter(c -> !c.ts().isBefore(from) && c.ts().isBefore(to)).toList();
    StringBuilder svg = new StringBuilder(256 + points.size() * 60);
    svg.append(
        String.format(
            Locale.ROOT,
            "<svg id=\"%s\" class=\"chart\" xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 %d %d\""
                + " width=\"%d\" height=\"%d\" role=\"img\" data-points=\"%d\" data-gaps=\"%d\""
                + " data-cell-changes=\"%d\"><title>%s</title>",
            Html.escape(id),
            WIDTH,
            HEIGHT,
            WIDTH,
            HEIGHT,
            points.size(),
            Math.max(0, segments.size() - 1),
            visibleCells.size(),
            Html.escape(title)));
    axes(svg);
    for (int i = 1; i < segments.size(); i++) {
      Instant gapStart = last(segments.get(i - 1)).ts();
      Instant gapEnd = segments.get(i).get(0).ts();
      double x1 = x(gapStart);
      double x2 = x(gapEnd);
      svg.append(
          String.format(
              Locale.ROOT,
              "<rect class=\"gap\" x=\"%.1f\" y=\"%d\" width=\"%.1f\" height=\"%d\">"
                  + "<title>no readings for %s</title></rect>",
              x1,
              TOP,
              Math.max(1, x2 - x1),
              HEIGHT - TOP - BOTTOM,
              Html.escape(Durations.precise(Duration.between(gapStart, gapEnd)))));
    }
    for (CellChange c : visibleCells) {
      double x = x(c.ts());
      svg.append(
          String.format(
              Locale.ROOT,
              "<line class=\"cell-change\" x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\">"
                  + "<title>cell %s → %s at %s</title></line>",
              x,
              TOP,
              x,
              HEIGHT - BOTTOM,
              Html.escape(c.fromCell()),
              Html.escape(c.toCell()),
              Html.escape(Durations.utc(c.ts()))));
    }
    for (List<SignalPoint> segment : segments) {
      svg.append("<path class=\"rssi\" d=\"").append(path(segment, false)).append("\"/>");
      String snr = path(segment, true);
      if (!snr.isEmpty()) {
        svg.append("<path class=\"snr\" d=\"").append(snr).append("\"/>");
      }
    }
    if (markEachPoint && points.size() <= MAX_DOTS) {
      for (SignalPoint p : points) {
        svg.append(
            String.format(
                Locale.ROOT,
                "<circle class=\"pt\" cx=\"%.1f\" cy=\"%.1f\" r=\"1.6\"/>",
                x(p.ts()),
                yRssi(p.rssiDbm())));
      }
    }
    if (points.isEmpty()) {
      svg.append(
          String.format(
              Locale.ROOT,
              "<text class=\"empty\" x=\"%d\" y=\"%d\">no readings in this window</text>",
              WIDTH / 2 - 80,
              HEIGHT / 2));
    }
    return svg.append("</svg>").toString();
  }

  private void axes(StringBuilder svg) {
    for (int dbm = -120; dbm <= -50; dbm += 20) {
      double y = yRssi(dbm);
      svg.append(
          String.format(
              Locale.ROOT,
              "<line class=\"grid\" x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\"/>"
                  + "<text class=\"axis\" x=\"4\" y=\"%.1f\">%d dBm</text>",
              LEFT,
              y,
              WIDTH - RIGHT,
              y,
              y + 4,
              dbm));
    }
    for (int db = -10; db <= 20; db += 10) {
      svg.append(
          String.format(
              Locale.ROOT,
              "<text class=\"axis snr-axis\" x=\"%d\" y=\"%.1f\">%d dB</text>",
              WIDTH - RIGHT + 4,
              ySnr(db) + 4,
              db));
    }
    int ticks = 6;
    long span = Duration.between(from, to).getSeconds();
    for (int i = 0; i <= ticks; i++) {
      Instant t = from.plusSeconds(span * i / ticks);
      svg.append(
          String.format(
              Locale.ROOT,
              "<text class=\"axis\" x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">%s</text>",
              x(t),
              HEIGHT - 8,
              Html.escape(Durations.utc(t).substring(5, 16))));
    }
  }

  private String path(List<SignalPoint> segment, boolean snr) {
    StringBuilder d = new StringBuilder();
    for (SignalPoint p : segment) {
      if (snr && p.snrDb() == null) {
        continue;
      }
      double y = snr ? ySnr(p.snrDb()) : yRssi(p.rssiDbm());
      d.append(d.length() == 0 ? "M" : " L")
          .append(String.format(Locale.ROOT, "%.1f %.1f", x(p.ts()), y));
    }
    return d.toString();
  }

  private double x(Instant t) {
    double span = Duration.between(from, to).toMillis();
    double at = Duration.between(from, t).toMillis();
    return LEFT + (WIDTH - LEFT - RIGHT) * Math.max(0, Math.min(1, at / span));
  }

  private static double yRssi(double dbm) {
    return y(dbm, RSSI_MIN, RSSI_MAX);
  }

  private static double ySnr(double db) {
    return y(db, SNR_MIN, SNR_MAX);
  }

  private static double y(double v, double min, double max) {
    double clamped = Math.max(min, Math.min(max, v));
    return TOP + (HEIGHT - TOP - BOTTOM) * (1 - (clamped - min) / (max - min));
  }

  private static SignalPoint last(List<SignalPoint> list) {
    return list.get(list.size() - 1);
  }
}
