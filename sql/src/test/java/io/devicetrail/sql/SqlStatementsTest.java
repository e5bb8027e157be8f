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

  @Test
  void keepsDollarQuotedBodiesWholeWithTheirSemicolonsAndComments() {
    String script =
        "DO $$ BEGIN -- make it; once\n"
            + "  PERFORM 1; END $$;\n"
            + "CREATE FUNCTION f(integer) RETURNS integer AS $body$ SELECT $1 + 1; $body$"
            + " LANGUAGE sql;\n"
            + "SELECT 'not $$ a body; really'";

    assertThat(SqlStatements.split(script))
        .containsExactly(
            "DO $$ BEGIN -- make it; once\n  PERFORM 1; END $$",
            "CREATE FUNCTION f(integer) RETURNS integer AS $body$ SELECT $1 + 1; $body$"
                + " LANGUAGE sql",
            "SELECT 'not $$ a body; really'");
  }

  @Test
  void aDollarSignInsideAnIdentifierOrAPositionalParameterOpensNoBody() {
    assertThat(SqlStatements.split("SELECT a$b FROM t; SELECT $1; SELECT 2"))
        .containsExactly("SELECT a$b FROM t", "SELECT $1", "SELECT 2");
  }

  @Test
  void anUnterminatedDollarQuoteIsAnError() {
    assertThatThrownBy(() -> SqlStatements.split("DO $x$ BEGIN NULL; END"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("Unterminated dollar quote $x$");
  }
}
