package io.devicetrail.local;

import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * Reads durations the way people type them ({@code 90s}, {@code 10m}, {@code 2h}, {@code 1d}) or
 * ISO-8601.
 */
public final class Durations implements ITypeConverter<Duration> {

  private static final Pattern SHORT = Pattern.compile("(\\d+)\\s*(ms|s|m|h|d)");

  @Override
  public Duration convert(String value) {
    return parse(value);
  }

  public static Duration parse(String value) {
    String v = value.strip().toLowerCase(Locale.ROOT);
    Matcher m = SHORT.matcher(v);
    if (m.matches()) {
      long n = Long.parseLong(m.group(1));
      return switch (m.group(2)) {
        case "ms" -> Duration.ofMillis(n);
        case "s" -> Duration.ofSeconds(n);
        case "m" -> Duration.ofMinutes(n);
        case "h" -> Duration.ofHours(n);
        default -> Duration.ofDays(n);
      };
    }
    try {
      return Duration.parse(v.toUpperCase(Locale.ROOT));
    } catch (RuntimeException e) {
      throw new TypeConversionException(
          "'" + value + "' is not a duration (examples: 90s, 10m, 2h, 1d, PT15M)");
    }
  }

  /**
   * A duration as a person reads it on a progress line: {@code 4s}, {@code 2m05s}, {@code 3h10m}.
   */
  public static String format(Duration d) {
    if (d.isNegative()) {
      return "-" + format(d.negated());
    }
    if (d.toDays() > 0) {
      return String.format("%dd%02dh", d.toDays(), d.toHoursPart());
    }
    if (d.toHours() > 0) {
      return String.format("%dh%02dm", d.toHours(), d.toMinutesPart());
    }
    if (d.toMinutes() > 0) {
      return String.format("%dm%02ds", d.toMinutes(), d.toSecondsPart());
    }
    return d.toSeconds() + "s";
  }
}
