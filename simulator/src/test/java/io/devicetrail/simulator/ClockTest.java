package io.devicetrail.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class ClockTest {

  /** A wall clock the test moves by hand. */
  static final class SteppedClock extends Clock {
    Instant now;

    SteppedClock(Instant now) {
      this.now = now;
    }

    @Override
    public Instant instant() {
      return now;
    }

    @Override
    public java.time.ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      return this;
    }
  }

  @Test
  void scaledClockRunsFasterThanRealTimeFromItsStart() {
    SteppedClock wall = new SteppedClock(Instant.parse("2026-03-10T12:00:00Z"));
    Instant start = Instant.parse("2026-03-08T12:00:00Z");
    ScaledClock clock = new ScaledClock(start, 60, wall);
    assertThat(clock.now()).isEqualTo(start);
    wall.now = wall.now.plusSeconds(10);
    assertThat(clock.now()).isEqualTo(start.plus(Duration.ofMinutes(10)));
    wall.now = wall.now.plusMillis(500);
    assertThat(clock.now()).isEqualTo(start.plus(Duration.ofSeconds(630)));
  }

  @Test
  void scaledClockNeverPassesTheWallClockAndThenRunsAtRealSpeed() {
    SteppedClock wall = new SteppedClock(Instant.parse("2026-03-10T12:00:00Z"));
    ScaledClock clock = new ScaledClock(wall.now.minus(Duration.ofHours(1)), 60, wall);
    wall.now = wall.now.plus(Duration.ofMinutes(2)); // 120 simulated minutes: would be 1 h ahead
    assertThat(clock.now()).isEqualTo(wall.now);
    wall.now = wall.now.plus(Duration.ofMinutes(5));
    assertThat(clock.now()).isEqualTo(wall.now);
  }

  @Test
  void scaledClockSaysWhenItHasCaughtUpWithTheWallClock() {
    SteppedClock wall = new SteppedClock(Instant.parse("2026-03-10T12:00:00Z"));
    ScaledClock clock = new ScaledClock(wall.now.minus(Duration.ofMinutes(59)), 60, wall);
    wall.now = wall.now.plus(Duration.ofSeconds(59));
    assertThat(clock.caughtUp()).isFalse();
    wall.now = wall.now.plus(Duration.ofSeconds(1)); // 60 simulated minutes: 59 behind + 1 elapsed
    assertThat(clock.caughtUp()).isTrue();
    assertThat(clock.now()).isEqualTo(wall.now);
  }

  @Test
  void scaledClockStartingInTheFutureStaysAtTheWallClock() {
    SteppedClock wall = new SteppedClock(Instant.parse("2026-03-10T12:00:00Z"));
    ScaledClock clock = new ScaledClock(wall.now.plus(Duration.ofDays(1)), 1, wall);
    assertThat(clock.now()).isEqualTo(wall.now);
  }

  @Test
  void demoDefaultStartsTwoDaysBackAtSixtyTimesSpeed() {
    SteppedClock wall = new SteppedClock(Instant.parse("2026-03-10T12:00:00Z"));
    ScaledClock clock = ScaledClock.demoDefault(wall);
    assertThat(clock.speed()).isEqualTo(60);
    assertThat(clock.now()).isEqualTo(Instant.parse("2026-03-08T12:00:00Z"));
    wall.now = wall.now.plus(Duration.ofMinutes(1));
    assertThat(clock.now()).isEqualTo(Instant.parse("2026-03-08T13:00:00Z"));
  }

  @Test
  void simulatedTimeIsAClockForComponentsThatTakeOne() {
    ManualClock simulated = new ManualClock(Instant.parse("2026-01-01T00:00:00Z"));
    Clock clock = simulated.asClock();
    simulated.advance(Duration.ofMinutes(5));
    assertThat(clock.instant()).isEqualTo(Instant.parse("2026-01-01T00:05:00Z"));
    assertThat(clock.getZone()).isEqualTo(ZoneOffset.UTC);
  }

  @Test
  void manualClockMovesOnlyWhenTold() {
    ManualClock clock = new ManualClock(Instant.parse("2026-01-01T00:00:00Z"));
    assertThat(clock.now()).isEqualTo(Instant.parse("2026-01-01T00:00:00Z"));
    assertThat(clock.advance(Duration.ofMinutes(90)))
        .isEqualTo(Instant.parse("2026-01-01T01:30:00Z"));
    clock.set(Instant.parse("2026-02-01T00:00:00Z"));
    assertThat(clock.now()).isEqualTo(Instant.parse("2026-02-01T00:00:00Z"));
  }

  @Test
  void theDefaultConfigUsesTheDemoClockAndADayOfHistory() {
    SteppedClock wall = new SteppedClock(Instant.parse("2026-03-10T12:00:00Z"));
    SimulatorConfig config = SimulatorConfig.builder().wallClock(wall).build();
    assertThat(config.clock()).isInstanceOf(ScaledClock.class);
    assertThat(config.clock().now()).isEqualTo(Instant.parse("2026-03-08T12:00:00Z"));
    assertThat(config.historyStart()).isEqualTo(Instant.parse("2026-03-07T12:00:00Z"));
    assertThat(config.toString()).doesNotContain(config.token());
  }
}
