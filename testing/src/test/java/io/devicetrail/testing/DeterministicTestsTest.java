package io.devicetrail.testing;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.devicetrail.testing.fixtures.ReadsTheWallClock;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DeterministicTestsTest {

  private static final String FIXTURES = "io.devicetrail.testing.fixtures";

  @Test
  void aTestHelperReadingTheWallClockFailsTheRuleNamingTheCall() {
    assertThatThrownBy(() -> DeterministicTests.assertNoWallClock(FIXTURES, Map.of()))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("ReadsTheWallClock.start()")
        .hasMessageContaining("Instant.now()")
        .hasMessageContaining("ReadsTheWallClock$Nested.millis()")
        .hasMessageContaining("System.currentTimeMillis()")
        .hasMessageNotContaining("UsesAFixedClock");
  }

  @Test
  void anAllowedClassWithAReasonPassesWithItsNestedClasses() {
    assertThatCode(
            () ->
                DeterministicTests.assertNoWallClock(
                    FIXTURES, Map.of(ReadsTheWallClock.class, "measures real elapsed time")))
        .doesNotThrowAnyException();
  }

  @Test
  void anAllowanceWithoutAReasonIsRefused() {
    assertThatThrownBy(
            () ->
                DeterministicTests.assertNoWallClock(
                    FIXTURES, Map.of(ReadsTheWallClock.class, " ")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("without a reason");
  }
}
