package io.devicetrail.connectors.archive;

import io.devicetrail.events.SignalReading;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.stream.LongStream;
import org.apache.flink.connector.datagen.source.GeneratorFunction;

/**
 * Deterministic readings for archive tests: reading {@code i} is always the same, so a test can
 * generate them in a job and compute the expected rows again afterwards.
 *
 * <p>Every 7th reading is a late upload into {@link #OLD_DATE}; the others cycle over {@link
 * #RECENT_DATES}. Timestamps carry microseconds; optional fields are null in regular patterns.
 */
final class ArchiveTestData {

  static final LocalDate OLD_DATE = LocalDate.parse("2026-10-01");
  static final List<LocalDate> RECENT_DATES =
      List.of(
          LocalDate.parse("2026-11-24"),
          LocalDate.parse("2026-11-25"),
          LocalDate.parse("2026-11-26"));

  private static final Instant FETCHED_FROM = Instant.parse("2026-11-26T12:00:00Z");

  private ArchiveTestData() {}

  static SignalReading reading(long i) {
    LocalDate date = i % 7 == 0 ? OLD_DATE : RECENT_DATES.get((int) (i % 3));
    Instant ts =
        date.atStartOfDay(ZoneOffset.UTC)
            .toInstant()
            .plusSeconds((i * 37) % 86_400)
            .plusNanos((i % 1_000_000) * 1_000);
    return new SignalReading(
        "dev-" + (i % 50),
        "tenant-" + (i % 3),
        ts,
        -60.0 - (i % 90) - 0.25,
        i % 5 == 0 ? null : (i % 40) - 10.5,
        i % 4 == 0 ? null : -90.0 - (i % 60),
        i % 4 == 0 ? null : -5.0 - (i % 30),
        i % 6 == 0 ? null : "26201-" + (i % 17),
        i % 8 == 0 ? null : 52.0 + (i % 100) / 1000.0,
        i % 8 == 0 ? null : 13.0 + (i % 100) / 1000.0,
        i % 9 == 0 ? null : (int) (3000 + i % 700),
        FETCHED_FROM.plusMillis(i));
  }

  static List<SignalReading> readings(long count) {
    return LongStream.range(0, count).mapToObj(ArchiveTestData::reading).toList();
  }

  /** The same readings as a Flink generator. */
  static final class Generator implements GeneratorFunction<Long, SignalReading> {
    private static final long serialVersionUID = 1L;

    @Override
    public SignalReading map(Long i) {
      return reading(i);
    }
  }
}
