package io.devicetrail.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class HtmlTest {

  @Test
  void escapesTheFiveCharactersThatEndTextOrAttributes() {
    assertThat(Html.escape("<script>alert('x' & \"y\")</script>"))
        .isEqualTo("&lt;script&gt;alert(&#39;x&#39; &amp; &quot;y&quot;)&lt;/script&gt;");
  }

  @Test
  void leavesPlainTextAloneAndTurnsNullIntoNothing() {
    assertThat(Html.escape("dev-42:a.b_c")).isEqualTo("dev-42:a.b_c");
    assertThat(Html.escape("")).isEmpty();
    assertThat(Html.escape(null)).isEmpty();
    assertThat(Html.escape("ü → 😀")).isEqualTo("ü → 😀");
  }

  @Test
  void aTemplateEscapesEveryValueUnlessItIsMarkedSafe() {
    Template t = Template.load("message");
    String html = t.render(Map.of("heading", "<b>bold</b>", "message", Html.safe("<em>kept</em>")));
    assertThat(html).contains("&lt;b&gt;bold&lt;/b&gt;").contains("<em>kept</em>");
    assertThat(html).doesNotContain("<b>bold</b>");
  }

  @Test
  void aTemplateRefusesToRenderWithAMissingValue() {
    assertThatThrownBy(() -> Template.load("message").render(Map.of("heading", "h")))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("{{message}}");
  }

  @Test
  void aTemplateValueThatLooksLikeAReplacementGroupIsInsertedLiterally() {
    String html = Template.load("message").render(Map.of("heading", "$1 \\0", "message", "m"));
    assertThat(html).contains("$1 \\0");
  }
}
