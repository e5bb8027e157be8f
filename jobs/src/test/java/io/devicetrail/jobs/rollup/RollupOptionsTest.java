package io.devicetrail.jobs.rollup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class RollupOptionsTest {

  @Test
  void defaultsMatchTheContract() {
    RollupOptions options = RollupOptions.defaults();
    assertThat(options.horizon()).isEqualTo(Duration.ofDays(7));
    assertThat(options.inactivityDelay()).isEqualTo(Duration.ofMinutes(15));
    assertThat(options.idleTimeout()).isEqualTo(Duration.ofDays(8));
    assertThat(options.uploadBurstWindow()).isEqualTo(Duration.ofSeconds(10));
  }

  @Test
  void idleTimeoutFollowsTheHorizonUnlessSet() {
    assertThat(RollupOptions.builder().horizon(Duration.ofDays(2)).build().idleTimeout())
        .isEqualTo(Duration.ofDays(3));
    assertThat(
            RollupOptions.builder()
                .horizon(Duration.ofDays(2))
                .idleTimeout(Duration.ofDays(5))
                .build()
                .idleTimeout())
        .isEqualTo(Duration.ofDays(5));
  }

  @Test
  void rejectsDurationsThatCannotWork() {
    assertThatThrownBy(() -> RollupOptions.builder().horizon(Duration.ZERO).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("horizon must be positive");
    assertThatThrownBy(
            () -> RollupOptions.builder().inactivityDelay(Duration.ofMinutes(-1)).build())
        .hasMessageContaining("inactivityDelay must be positive");
    assertThatThrownBy(
            () ->
                RollupOptions.builder()
                    .horizon(Duration.ofDays(7))
                    .idleTimeout(Duration.ofDays(1))
                    .build())
        .hasMessageContaining("idleTimeout")
        .hasMessageContaining("horizon");
    assertThatThrownBy(() -> RollupOptions.builder().horizon(null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("horizon cannot be null");
  }
}
