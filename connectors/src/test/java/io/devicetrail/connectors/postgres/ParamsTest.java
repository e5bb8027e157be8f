package io.devicetrail.connectors.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ParamsTest {

  @Test
  void aJsonNulEscapeBecomesTheReplacementCharacter() {
    assertThat(Params.withoutNul("{\"a\":\"x\\u0000y\"}")).isEqualTo("{\"a\":\"x\\ufffdy\"}");
  }

  @Test
  void anEscapedBackslashBeforeU0000IsLeftAlone() {
    String literalBackslashU = "{\"a\":\"\\\\u0000\"}";

    assertThat(Params.withoutNul(literalBackslashU)).isEqualTo(literalBackslashU);
  }

  @Test
  void aNulEscapeAfterAnEscapedBackslashIsStillReplaced() {
    assertThat(Params.withoutNul("{\"a\":\"\\\\\\u0000\"}")).isEqualTo("{\"a\":\"\\\\\\ufffd\"}");
  }

  @Test
  void jsonWithoutNulIsReturnedAsIs() {
    String json = "{\"a\":[1,2,{\"b\":null}]}";

    assertThat(Params.withoutNul(json)).isSameAs(json);
  }
}
