package io.devicetrail.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** A million devices cost nothing per device: nothing is materialized up front. */
class LargeFleetTest {

  static final Instant NOW = Instant.parse("2026-06-15T00:00:00Z");

  SimulatorConfig million() {
    return SimulatorConfig.builder()
        .deviceCount(1_000_000)
        .clock(new ManualClock(NOW))
        .historyStart(NOW.minus(Duration.ofDays(1)))
        .build();
  }

  @Test
  void aMillionDeviceFleetIsBuiltInstantlyInAFewKilobytes() {
    MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
    long before = usedAfterGc(memory);
    long start = System.nanoTime();
    Fleet fleet = Fleet.of(million());
    long tookMillis = (System.nanoTime() - start) / 1_000_000;
    long retained = usedAfterGc(memory) - before;

    assertThat(tookMillis).isLessThan(200);
    // A per-device object of even 50 bytes would be 50 MB here.
    assertThat(retained).isLessThan(8L << 20);
    assertThat(fleet.size()).isEqualTo(1_000_000);
    assertThat(fleet.deviceIds()).hasSize(1_000_000);
    assertThat(fleet.deviceIds().get(999_999)).isEqualTo("dev-1000000");
    assertThat(fleet.readingsVisible("dev-1000000", NOW)).isNotEmpty();
  }

  @Test
  void aServerForAMillionDevicesServesTheLastDevice() {
    try (SimulatorServer server = SimulatorServer.start(million())) {
      ApiClient api = new ApiClient(server);
      JsonNode signal = api.getOk("/v1/devices/dev-1000000/signal?limit=10");
      assertThat(signal.get("readings").size()).isPositive();
      assertThat(api.get("/v1/devices/dev-1000001/signal").status()).isEqualTo(404);
      assertThat(api.get("/v1/devices/dev-000001/signal").status()).isEqualTo(404);
      JsonNode first = api.getOk("/v1/devices?limit=1000");
      assertThat(first.get("devices").get(0).get("device_id").textValue()).isEqualTo("dev-0000001");
      assertThat(first.get("next_cursor").isTextual()).isTrue();
    }
  }

  private static long usedAfterGc(MemoryMXBean memory) {
    for (int i = 0; i < 3; i++) System.gc();
    return memory.getHeapMemoryUsage().getUsed();
  }
}
