package io.devicetrail.flinkcluster;

import io.devicetrail.testing.DeterministicTests;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** This module's tests never read the wall clock (see {@link DeterministicTests}). */
class DeterministicTestsRuleTest {

  @Test
  void testsUseFixedInstantsAndInjectedClocks() {
    DeterministicTests.assertNoWallClock("io.devicetrail.flinkcluster", Map.of());
  }
}
