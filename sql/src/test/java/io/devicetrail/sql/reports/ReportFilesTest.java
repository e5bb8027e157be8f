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
