package io.devicetrail.sql.reports;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class NamedParametersTest {

  @Test
  void everyOccurrenceBecomesAQuestionMarkInOrder() {
    NamedParameters p =
        NamedParameters.parse(
            "SELECT * FROM t WHERE a >= CAST(:from AS TIMESTAMPTZ) AND b < :to"
                + " AND c >= :from");

    assertThat(p.jdbcSql())
        .isEqualTo("SELECT * FROM t WHERE a >= CAST(? AS TIMESTAMPTZ) AND b < ? AND c >= ?");
    assertThat(p.names()).containsExactly("from", "to", "from");
  }

  @Test
  void castsQuotesCommentsAndBodiesAreLeftAlone() {
    String sql =
        "SELECT x::text, ':not_a' || \":nor\" -- :neither\n"
            + "/* :nope */ FROM t WHERE y = $$ :body $$ AND z = :yes";

    NamedParameters p = NamedParameters.parse(sql);

    assertThat(p.names()).containsExactly("yes");
    assertThat(p.jdbcSql()).isEqualTo(sql.replace(":yes", "?"));
  }
}
