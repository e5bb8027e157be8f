package io.devicetrail.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class SignalChartTest {

  private static final Instant T0 = Instant.parse("2026-11-26T00:00:00Z");

  private static List<SignalPoint> every10Minutes(int fromMinute, int toMinute, String cell) {
    List<SignalPoint> points = new ArrayList<>();
    for (int m = fromMinute; m <= toMinute; m += 10) {
      points.add(new SignalPoint(T0.plusSeconds(m * 60L), -80 - m % 7, 6.0, cell));
    }
    return points;
  }

  private static int count(String svg, String regex) {
    return (int) Pattern.compile(regex).matcher(svg).results().count();
  }

  @Test
  void aPauseLongerThanTheThresholdBreaksTheLineAndIsShaded() {
    List<SignalPoint> points = new ArrayList<>(every10Minutes(0, 120, "a"));
    points.addAll(every10Minutes(300, 400, "a")); // 3 h without readings
    SignalChart chart =
        new SignalChart(T0, T0.plus(Duration.ofHours(8)), Duration.ofMinutes(30), true);

    String svg = chart.render("c", "t", points, List.of());

    assertThat(chart.segments(points)).hasSize(2);
    assertThat(count(svg, "<path class=\"rssi\"")).isEqualTo(2);
    assertThat(count(svg, "<rect class=\"gap\"")).isEqualTo(1);
    assertThat(svg).contains("no readings for 3 h").contains("data-gaps=\"1\"");
  }

  @Test
  void everyReadingIsOnePointAndCountedOnTheChart() {
    List<SignalPoint> points = every10Minutes(0, 470, "a");
    String svg =
        new SignalChart(T0, T0.plus(Duration.ofHours(8)), Duration.ofMinutes(30), true)
            .render("c", "t", points, List.of());
    assertThat(count(svg, "<circle class=\"pt\"")).isEqualTo(48).isEqualTo(points.size());
    assertThat(svg).contains("data-points=\"48\"").contains("data-gaps=\"0\"");
  }

  @Test
  void cellChangesInTheWindowAreMarkedWithBothCells() {
    List<CellChange> changes =
        List.of(
            new CellChange(T0.plusSeconds(3_600), "cell<1>", "cell-2"),
            new CellChange(T0.minusSeconds(3_600), "old", "older")); // before the window
    String svg =
        new SignalChart(T0, T0.plus(Duration.ofHours(8)), Duration.ofMinutes(30), false)
            .render("c", "t", every10Minutes(0, 120, "a"), changes);
    assertThat(count(svg, "<line class=\"cell-change\"")).isEqualTo(1);
    assertThat(svg).contains("cell cell&lt;1&gt; → cell-2").contains("data-cell-changes=\"1\"");
  }

  @Test
  void snrIsDrawnOnlyWhereItIsKnown() {
    List<SignalPoint> points =
        List.of(
            new SignalPoint(T0, -80, null, null),
            new SignalPoint(T0.plusSeconds(600), -81, null, null));
    String svg =
        new SignalChart(T0, T0.plusSeconds(3_600), Duration.ofMinutes(30), false)
            .render("c", "t", points, List.of());
    assertThat(svg).contains("class=\"rssi\"").doesNotContain("class=\"snr\"");
  }

  @Test
  void aVeryDenseChartDrawsTheLineWithoutADotPerReadingButStillCountsThem() {
    List<SignalPoint> points = new ArrayList<>();
    for (int i = 0; i <= SignalChart.MAX_DOTS; i++) {
      points.add(new SignalPoint(T0.plusSeconds(10L * i), -80, null, null));
    }
    String svg =
        new SignalChart(T0, T0.plus(Duration.ofHours(48)), Duration.ofMinutes(1), true)
            .render("c", "t", points, List.of());
    assertThat(svg).doesNotContain("<circle").contains("data-points=\"" + points.size() + "\"");
    assertThat(count(svg, "<path class=\"rssi\"")).isEqualTo(1);
  }

  @Test
  void anEmptyWindowSaysSo() {
    String svg =
        new SignalChart(T0, T0.plusSeconds(3_600), Duration.ofMinutes(30), true)
            .render("c", "t", List.of(), List.of());
    assertThat(svg).contains("no readings in this window").contains("data-points=\"0\"");
  }
}
