package io.devicetrail.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Some devices are moved between their tenant's sites, deterministically from the seed. */
class SiteMovesTest {

  static final Instant NOW = Instant.parse("2026-11-02T12:00:00Z");

  private static Fleet fleet(double share) {
    return Fleet.of(
        SimulatorConfig.builder()
            .seed(42)
            .deviceCount(2_000)
            .clock(new ManualClock(NOW))
            .historyStart(NOW.minus(Duration.ofDays(2)))
            .siteMoves(share)
            .build());
  }

  @Test
  void aShareOfDevicesWithASiteMovesAndTheDeviceListShowsEachMoveWithItsTime() {
    Fleet fleet = fleet(SimulatorConfig.DEFAULT_SITE_MOVE_SHARE);
    List<String> movers = new ArrayList<>();
    int withSite = 0;
    for (String id : fleet.deviceIds()) {
      DeviceInfo now = fleet.device(id, NOW);
      if (now.site() != null) {
        withSite++;
      }
      if (now.siteMovedAt() == null) {
        // never moved: the same site two days ago
        assertThat(fleet.device(id, NOW.minus(Duration.ofDays(2))).site()).isEqualTo(now.site());
        continue;
      }
      movers.add(id);
      assertThat(now.site()).startsWith(now.tenantId() + "-site-");
      assertThat(now.updatedAt()).isAfterOrEqualTo(now.siteMovedAt());
      assertThat(now.siteMovedAt()).isBeforeOrEqualTo(NOW).isAfter(NOW.minus(Duration.ofDays(4)));
      // Just before the move the list showed the site before it, with an older updated_at.
      DeviceInfo before = fleet.device(id, now.siteMovedAt().minusSeconds(1));
      assertThat(before.updatedAt()).isBefore(now.siteMovedAt());
      assertThat(fleet.device(id, now.siteMovedAt()).site()).isEqualTo(now.site());
    }
    // About 5 % of the ~85 % with a site.
    assertThat(movers.size()).isBetween(withSite * 3 / 100, withSite * 7 / 100);
    long changedWithinTwoDays =
        movers.stream()
            .filter(
                id ->
                    !fleet
                        .device(id, NOW.minus(Duration.ofDays(2)))
                        .site()
                        .equals(fleet.device(id, NOW).site()))
            .count();
    assertThat(changedWithinTwoDays)
        .as("movers whose site differs from two days ago")
        .isGreaterThan(movers.size() / 2);
    // The same seed moves the same devices to the same sites.
    Fleet again = fleet(SimulatorConfig.DEFAULT_SITE_MOVE_SHARE);
    for (String id : movers) {
      assertThat(again.device(id, NOW)).isEqualTo(fleet.device(id, NOW));
    }
  }

  @Test
  void withoutMovesEveryDeviceStaysAtItsSite() {
    Fleet fleet = fleet(0);
    for (String id : fleet.deviceIds()) {
      assertThat(fleet.device(id, NOW).siteMovedAt()).isNull();
      assertThat(fleet.device(id, NOW.minus(Duration.ofDays(3))).site())
          .isEqualTo(fleet.device(id, NOW).site());
    }
  }
}
