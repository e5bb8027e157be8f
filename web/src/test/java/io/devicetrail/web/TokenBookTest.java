package io.devicetrail.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class TokenBookTest {

  @Test
  void mapsTokensToSupportOrToATenant() {
    TokenBook book =
        TokenBook.parse(
            List.of(
                "# staff",
                "support-token-0123456789 support",
                "",
                "acme-token-0123456789   tenant:acme"),
            "tokens");
    assertThat(book.viewerFor("support-token-0123456789")).contains(Viewer.support());
    assertThat(book.viewerFor("acme-token-0123456789")).contains(Viewer.client("acme"));
    assertThat(book.viewerFor("acme-token-012345678")).isEmpty();
    assertThat(book.viewerFor("")).isEmpty();
    assertThat(book.viewerFor(null)).isEmpty();
  }

  @Test
  void refusesShortTokensUnknownScopesAndDuplicatesWithTheLine() {
    assertThatThrownBy(() -> TokenBook.parse(List.of("short support"), "f"))
        .hasMessageContaining("f line 1")
        .hasMessageContaining("at least 16");
    assertThatThrownBy(() -> TokenBook.parse(List.of("0123456789abcdef admin"), "f"))
        .hasMessageContaining("'support' or 'tenant:<id>'");
    assertThatThrownBy(
            () ->
                TokenBook.parse(
                    List.of("0123456789abcdef support", "0123456789abcdef tenant:x"), "f"))
        .hasMessageContaining("f line 2")
        .hasMessageNotContaining("0123456789abcdef");
  }
}
