package io.devicetrail.sql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class SqlStatementsTest {

  @Test
  void splitsAtSemicolonsAndDropsCommentsAndEmptyStatements() {
    String script =
        "-- header; with a semicolon\n"
            + "CREATE TABLE a (x INTEGER); -- trailing\n"
            + "/* block; comment */ CREATE TABLE b (y INTEGER)\n;\n;";

    assertThat(SqlStatements.split(script))
        .containsExactly("CREATE TABLE a (x INTEGER)", "CREATE TABLE b (y INTEGER)");
  }

  @Test
  void keepsSemicolonsAndDashesInsideQuotes() {
    String script = "COMMENT ON TABLE a IS 'one; -- two'';three'; SELECT \"odd;name\" FROM a";

    assertThat(SqlStatements.split(script))
        .containsExactly(
            "COMMENT ON TABLE a IS 'one; -- two'';three'", "SELECT \"odd;name\" FROM a");
  }

  @Test
  void anUnterminatedStringIsAnError() {
    assertThatThrownBy(() -> SqlStatements.split("SELECT 'open"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("Unterminated");
  }
}
