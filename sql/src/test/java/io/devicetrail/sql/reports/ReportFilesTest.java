package io.devicetrail.sql.reports;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Every report file is self-describing: a title, what it answers, each parameter documented. */
class ReportFilesTest {

  @Test
  void theReportsOfTheIssueAreAllThere() throws Exception {
    assertThat(reportNames())
        .containsExactlyInAnyOrder(
            "coverage_and_gaps",
            "device_value_at",
            "movement_vs_signal",
            "signal_around_config_updates",
            "signal_degraded_week_over_week",
            "signal_over_time_device",
            "signal_over_time_tenant",
            "worst_devices");
  }

  @Test
  void everyReportDocumentsExactlyTheParametersItUses() throws Exception {
    for (String name : reportNames()) {
      Report report = Report.load(name);

      assertThat(report.title()).as(name).isNotBlank();
      assertThat(report.sql()).as(name).contains("-- Answers: ").contains("-- Parameters:");
      assertThat(report.parameters())
          .as("%s: placeholders used", name)
          .isNotEmpty()
          .containsExactlyInAnyOrderElementsOf(report.documentedParameters().keySet());
    }
  }

  @Test
  void everyPlaceholderIsTypedByACast() throws Exception {
    for (String name : reportNames()) {
      Report report = Report.load(name);
      String body =
          String.join("\n", report.sql().lines().filter(l -> !l.strip().startsWith("--")).toList());
      for (String parameter : report.parameters()) {
        assertThat(body)
            .as("%s: every use of :%s", name, parameter)
            .doesNotContainPattern("(?<!CAST\\()(?<!:):" + parameter + "\\b(?! AS)");
      }
    }
  }

  /**
   * DATE_TRUNC returns TIMESTAMP on Redshift and TIMESTAMPTZ on PostgreSQL (Amazon's DATE_TRUNC
   * page: "Return type TIMESTAMP"), so a report that mixes it with a TIMESTAMPTZ column means
   * different things in the two flavours: every DATE_TRUNC is cast to TIMESTAMPTZ at once.
   */
  @Test
  void everyDateTruncIsCastToTimestamptzRightAway() throws Exception {
    for (String name : reportNames()) {
      String body = withoutComments(Report.load(name).sql());

      assertThat(body)
          .as("%s: DATE_TRUNC without CAST(... AS TIMESTAMPTZ)", name)
          .doesNotContainPattern("(?i)(?<!CAST\\()DATE_TRUNC\\(");
      assertThat(body)
          .as("%s: a cast DATE_TRUNC names its type", name)
          .doesNotContainPattern(
              "(?is)CAST\\(DATE_TRUNC\\('[a-z]+', [a-z_.]+\\) AS (?!TIMESTAMPTZ\\))");
    }
  }

  /**
   * Redshift documents interval literals and DATEADD, not "integer * INTERVAL"; the reports move
   * timestamps by computed amounts with f_add_seconds (warehouse V7) instead.
   */
  @Test
  void noReportMultipliesAnInterval() throws Exception {
    for (String name : reportNames()) {
      String body = withoutComments(Report.load(name).sql());

      assertThat(body)
          .as("%s: number * INTERVAL or INTERVAL * number", name)
          .doesNotContainPattern("(?i)\\*\\s*INTERVAL\\b")
          .doesNotContainPattern("(?i)INTERVAL\\s+'[^']*'\\s*\\*");
    }
  }

  private static String withoutComments(String sql) {
    return String.join(
        "\n", sql.lines().map(l -> l.replaceAll("--.*$", "")).filter(l -> !l.isBlank()).toList());
  }

  @Test
  void aMissingOrUnknownValueIsRefusedBeforeAnyConnectionIsUsed() {
    Report report = Report.load("device_value_at");

    assertThatThrownBy(() -> report.prepare(null, Map.of("device_id", "d", "when", "x")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("needs a value for [at]")
        .hasMessageContaining("has no parameter [when]");
  }

  @Test
  void anUnknownReportNameIsRefused() {
    assertThatThrownBy(() -> Report.load("no_such_report"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("reports/no_such_report.sql");
  }

  static List<String> reportNames() throws Exception {
    URL folder = ReportFilesTest.class.getClassLoader().getResource(Report.LOCATION);
    try (Stream<Path> files = Files.list(Path.of(folder.toURI()))) {
      return files
          .map(p -> p.getFileName().toString())
          .filter(f -> f.endsWith(".sql"))
          .map(f -> f.substring(0, f.length() - ".sql".length()))
          .sorted()
          .toList();
    }
  }
}
