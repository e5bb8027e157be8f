package io.devicetrail.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Activity events over 200 devices and 60 days, and the device list they explain. */
class ActivityAndDeviceListTest {

  static final Instant NOW = Instant.parse("2026-07-01T00:00:00Z");
  static final Instant HISTORY_START = NOW.minus(Duration.ofDays(60));

  static Fleet fleet;
  static List<List<Activity>> histories = new ArrayList<>();

  @BeforeAll
  static void simulate() {
    fleet =
        Fleet.of(
            SimulatorConfig.builder()
                .seed(5)
                .deviceCount(200)
                .clock(new ManualClock(NOW))
                .historyStart(HISTORY_START)
                .build());
    for (String id : fleet.deviceIds()) histories.add(fleet.activitiesVisible(id, NOW));
  }

  List<Activity> all() {
    return histories.stream().flatMap(List::stream).toList();
  }

  @Test
  void eventIdsAreUniqueAndTellDeviceTypeAndNumber() {
    Set<String> ids = new HashSet<>();
    for (Activity a : all()) {
      assertThat(ids.add(a.eventId())).as(a.eventId()).isTrue();
      assertThat(a.eventId()).matches(a.deviceId() + ":" + a.type() + ":-?[0-9]+");
    }
  }

  @Test
  void eachDevicesEventsAreInStrictlyIncreasingTsOrderWithinTheHistory() {
    for (List<Activity> h : histories) {
      for (int i = 1; i < h.size(); i++) assertThat(h.get(i).ts()).isAfter(h.get(i - 1).ts());
      for (Activity a : h) {
        assertThat(a.ts()).isAfterOrEqualTo(HISTORY_START).isBeforeOrEqualTo(a.visibleAt());
        assertThat(a.visibleAt()).isBeforeOrEqualTo(NOW);
      }
    }
  }

  @Test
  void typesOutcomesAndDetailsFollowTheContract() {
    for (Activity a : all()) {
      switch (a.type()) {
        case "CONNECT" -> {
          assertThat(a.outcome()).isEqualTo("OK");
          assertThat(a.detail()).isNull();
        }
        case "TIMEOUT" -> assertThat(a.outcome()).isEqualTo("FAILED");
        case "CONFIG_UPDATE" -> {
          assertThat(a.outcome()).isEqualTo("OK");
          assertThat(a.detail()).containsOnlyKeys("config_version");
          assertThat(a.detail().get("config_version")).isInstanceOf(Integer.class);
        }
        case "FIRMWARE_UPDATE" -> {
          assertThat(a.outcome()).isEqualTo("OK");
          assertThat(a.detail()).containsOnlyKeys("firmware");
          assertThat((String) a.detail().get("firmware")).matches("[0-9]+\\.[0-9]+\\.[0-9]");
        }
        case "REBOOT" -> assertThat(a.detail()).containsKey("reason");
        default -> throw new AssertionError("unexpected type " + a.type());
      }
    }
    Map<String, Long> counts =
        all().stream()
            .collect(
                java.util.stream.Collectors.groupingBy(
                    Activity::type, java.util.stream.Collectors.counting()));
    assertThat(counts)
        .containsKeys("CONNECT", "TIMEOUT", "CONFIG_UPDATE", "FIRMWARE_UPDATE", "REBOOT");
    // TIMEOUTs are occasional, CONNECTs the bulk.
    assertThat(counts.get("TIMEOUT")).isLessThan(counts.get("CONNECT") / 10);
  }

  @Test
  void sleepersConnectOnceForEachWake() {
    for (int i = 0; i < histories.size(); i++) {
      DeviceInfo info = fleet.device(fleet.deviceIds().get(i), NOW);
      List<Activity> wakes =
          histories.get(i).stream()
              .filter(a -> a.type().equals("CONNECT") || a.type().equals("TIMEOUT"))
              .toList();
      long expected = Duration.between(HISTORY_START, NOW).toSeconds() / info.wakePeriodS();
      assertThat((long) wakes.size()).isBetween(expected - 1, expected + 1);
      for (int k = 1; k < wakes.size(); k++) {
        assertThat(Duration.between(wakes.get(k - 1).ts(), wakes.get(k).ts()).toSeconds())
            .isEqualTo(info.wakePeriodS());
      }
    }
  }

  @Test
  void configVersionsOnlyGrowAndTheDeviceListShowsTheLatestVisibleOne() {
    int devicesWithUpdates = 0;
    for (int i = 0; i < histories.size(); i++) {
      String id = fleet.deviceIds().get(i);
      List<Activity> configs =
          histories.get(i).stream().filter(a -> a.type().equals("CONFIG_UPDATE")).toList();
      if (configs.isEmpty()) continue;
      devicesWithUpdates++;
      int previous = Integer.MIN_VALUE;
      for (Activity c : configs) {
        int version = (Integer) c.detail().get("config_version");
        assertThat(version).isGreaterThan(previous);
        previous = version;
        // Just before the update is visible the list shows an older version; from then on, this
        // one.
        assertThat(fleet.device(id, c.visibleAt().minusSeconds(1)).configVersion())
            .isLessThan(version);
        DeviceInfo after = fleet.device(id, c.visibleAt());
        assertThat(after.configVersion()).isEqualTo(version);
        assertThat(after.updatedAt()).isAfterOrEqualTo(c.ts());
      }
      assertThat(fleet.device(id, NOW).configVersion()).isEqualTo(previous);
    }
    assertThat(devicesWithUpdates).isGreaterThan(150);
  }

  @Test
  void theDeviceListShowsTheFirmwareOfTheLastVisibleUpdateAndItsTime() {
    int devicesWithUpdates = 0;
    for (int i = 0; i < histories.size(); i++) {
      String id = fleet.deviceIds().get(i);
      List<Activity> changes =
          histories.get(i).stream()
              .filter(a -> a.type().equals("FIRMWARE_UPDATE") || a.type().equals("CONFIG_UPDATE"))
              .toList();
      DeviceInfo now = fleet.device(id, NOW);
      // A site move is a change of the device list too: updated_at is the latest of them all.
      Instant moved = now.siteMovedAt() == null ? Instant.MIN : now.siteMovedAt();
      if (changes.isEmpty()) {
        assertThat(now.updatedAt().isBefore(HISTORY_START) || now.updatedAt().equals(moved))
            .as("%s updated_at %s", id, now.updatedAt())
            .isTrue();
        continue;
      }
      Instant lastChange = changes.get(changes.size() - 1).ts();
      assertThat(now.updatedAt()).isEqualTo(moved.isAfter(lastChange) ? moved : lastChange);
      List<Activity> firmware =
          changes.stream().filter(a -> a.type().equals("FIRMWARE_UPDATE")).toList();
      if (firmware.isEmpty()) continue;
      devicesWithUpdates++;
      assertThat(now.firmware())
          .isEqualTo(firmware.get(firmware.size() - 1).detail().get("firmware"));
    }
    assertThat(devicesWithUpdates).isGreaterThan(100);
  }

  @Test
  void aFirmwareUpdateIsFollowedByAReboot() {
    for (List<Activity> h : histories) {
      for (int i = 0; i < h.size(); i++) {
        if (h.get(i).type().equals("FIRMWARE_UPDATE")) {
          assertThat(h.get(i + 1).type()).isEqualTo("REBOOT");
          assertThat(h.get(i + 1).detail()).containsEntry("reason", "firmware update");
        }
      }
    }
  }
}
