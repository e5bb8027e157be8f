package io.devicetrail.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** What the pages accept from a URL or a form before any query runs. */
class RequestInputTest {

  @Test
  void aDevicePrefixMatchesLiterallyEvenWithLikeWildcards() {
    assertThat(FleetQueries.likePrefix("dev_1")).isEqualTo("dev\\_1%");
    assertThat(FleetQueries.likePrefix("100%")).isEqualTo("100\\%%");
    assertThat(FleetQueries.likePrefix("a\\b")).isEqualTo("a\\\\b%");
  }

  @Test
  void afterSignInOnlyAPathOnThisSiteIsFollowed() {
    assertThat(WebServer.safeNext("/devices/a?x=1")).isEqualTo("/devices/a?x=1");
    assertThat(WebServer.safeNext("//evil.example/")).isEqualTo("/");
    assertThat(WebServer.safeNext("https://evil.example/")).isEqualTo("/");
    assertThat(WebServer.safeNext("/\\evil.example")).isEqualTo("/");
    assertThat(WebServer.safeNext(null)).isEqualTo("/");
    // Browsers drop tabs and newlines: "/<tab>/evil.example" would become "//evil.example".
    assertThat(WebServer.safeNext("/\t/evil.example")).isEqualTo("/");
    assertThat(WebServer.safeNext("/\n/evil.example")).isEqualTo("/");
    assertThat(WebServer.safeNext("/ /evil.example")).isEqualTo("/");
    // Still encoded, it is a path on this site.
    assertThat(WebServer.safeNext("/%09/evil.example")).isEqualTo("/%09/evil.example");
  }

  @Test
  void queryParametersAreDecodedAndTheFirstValueWins() {
    assertThat(io.devicetrail.web.http.Exchange.parse("device=a%20b&tenant=&x&device=c"))
        .containsEntry("device", "a b")
        .containsEntry("tenant", "")
        .containsEntry("x", "");
  }

  @Test
  void aMalformedEscapeIsABadRequest() {
    assertThatThrownBy(() -> io.devicetrail.web.http.Exchange.parse("device=%zz"))
        .isInstanceOf(io.devicetrail.web.http.HttpProblem.class)
        .satisfies(
            e -> assertThat(((io.devicetrail.web.http.HttpProblem) e).status()).isEqualTo(400));
  }

  @Test
  void theFleetSearchRefusesWhatCannotBeADeviceIdAndAcceptsEmptyTerms() {
    assertThatThrownBy(() -> FleetPage.parse(Map.of("device", "1; DELETE FROM device")))
        .isInstanceOf(PageException.class)
        .hasMessageContaining("cannot be (part of) a device id");
    assertThatThrownBy(() -> FleetPage.parse(Map.of("window", "month")))
        .hasMessageContaining("hour, day or week");
    FleetPage.Query q = FleetPage.parse(Map.of());
    assertThat(q.search().devicePrefix()).isEmpty();
    assertThat(q.window()).isEqualTo(FleetPage.Window.HOUR);
    assertThat(q.after()).isNull();
  }
}
