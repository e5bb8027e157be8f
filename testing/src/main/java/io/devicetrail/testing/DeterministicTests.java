package io.devicetrail.testing;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZonedDateTime;
import java.util.Map;
import java.util.Objects;

/**
 * Tests never read the wall clock: a test whose outcome depends on the hour it runs at passes at
 * some hours and fails at others. Tests build fleets and clocks on a fixed instant and inject a
 * {@link Clock} into the code under test. The few end-to-end tests that need real time are named in
 * an allow-list, each with the reason.
 *
 * <p>Each module's tests call {@link #assertNoWallClock(String, Map)} for their own package.
 */
public final class DeterministicTests {

  private DeterministicTests() {}

  /**
   * Fails when a test class under {@code basePackage} calls {@code Instant.now()}, {@code
   * Clock.systemUTC()}, {@code System.currentTimeMillis()} or another wall-clock reading, unless it
   * is one of {@code allowed} (or nested in one).
   *
   * @param allowed test classes allowed to read the wall clock, each with a one-line reason
   */
  public static void assertNoWallClock(String basePackage, Map<Class<?>, String> allowed) {
    Objects.requireNonNull(basePackage, "basePackage cannot be null");
    Objects.requireNonNull(allowed, "allowed cannot be null");
    allowed.forEach(
        (type, reason) -> {
          if (reason == null || reason.isBlank()) {
            throw new IllegalArgumentException(type.getName() + " is allowed without a reason");
          }
        });
    JavaClasses tests =
        new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.ONLY_INCLUDE_TESTS)
            .importPackages(basePackage);
    noWallClockOutside(allowed).check(tests);
  }

  /** The rule itself, for callers that import classes their own way. */
  public static ArchRule noWallClockOutside(Map<Class<?>, String> allowed) {
    DescribedPredicate<JavaClass> notAllowed =
        DescribedPredicate.describe(
            "are not allowed to read the wall clock", type -> !isAllowed(type, allowed));
    return noClasses()
        .that(notAllowed)
        .should()
        .callMethod(Instant.class, "now")
        .orShould()
        .callMethod(Clock.class, "systemUTC")
        .orShould()
        .callMethod(Clock.class, "systemDefaultZone")
        .orShould()
        .callMethod(System.class, "currentTimeMillis")
        .orShould()
        .callMethod(LocalDate.class, "now")
        .orShould()
        .callMethod(LocalDateTime.class, "now")
        .orShould()
        .callMethod(OffsetDateTime.class, "now")
        .orShould()
        .callMethod(ZonedDateTime.class, "now")
        .because(
            "a test that reads the wall clock passes at some hours and fails at others: build"
                + " fleets and clocks on a fixed instant and inject a Clock instead");
  }

  private static boolean isAllowed(JavaClass type, Map<Class<?>, String> allowed) {
    String name = type.getName();
    for (Class<?> a : allowed.keySet()) {
      if (name.equals(a.getName()) || name.startsWith(a.getName() + "$")) {
        return true;
      }
    }
    return false;
  }
}
