package io.devicetrail.sql;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class JdbcUrlsTest {

  @Test
  void redactionDropsUserInfoAndParametersOfBothDrivers() {
    assertThat(JdbcUrls.redact("jdbc:postgresql://u:p@h:5432/db?password=p"))
        .isEqualTo("jdbc:postgresql://h:5432/db");
    assertThat(JdbcUrls.redact("jdbc:redshift://h.example:5439/dev;UID=u;PWD=p"))
        .isEqualTo("jdbc:redshift://h.example:5439/dev");
  }

  @Test
  void aPasswordInEitherDriversParameterSyntaxIsFound() {
    assertThat(JdbcUrls.carriesPassword("jdbc:postgresql://h/db?user=u&password=p")).isTrue();
    assertThat(JdbcUrls.carriesPassword("jdbc:redshift://h:5439/dev;UID=u;PWD=p")).isTrue();
    assertThat(JdbcUrls.carriesPassword("jdbc:redshift://h:5439/dev?ssl=true;Password=p")).isTrue();
    assertThat(JdbcUrls.carriesPassword("jdbc:redshift://h:5439/dev;ssl=true")).isFalse();
  }
}
