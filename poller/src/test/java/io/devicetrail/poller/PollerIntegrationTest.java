package io.devicetrail.poller;

import static org.assertj.core.api.Assertions.assertThat;

import io.devicetrail.events.DeadLetter;
import io.devicetrail.events.DeviceActivity;
import io.devicetrail.events.DeviceSnapshot;
import io.devicetrail.events.EventCodec;
import io.devicetrail.events.SignalReading;
import io.devicetrail.events.Topics;
import io.devicetrail.localservices.LocalKafka;
import io.devicetrail.poller.cursor.FileCursorStore;
import io.devicetrail.poller.publish.KafkaEventPublisher;
import io.devicetrail.poller.testing.ContractTopics;
import io.devicetrail.poller.testing.SimulatedTime;
import io.devicetrail.poller.testing.TopicContents;
import io.devicetrail.poller.testing.TopicContents.Message;
import io.devicetrail.poller.vendor.ApiToken;
import io.devicetrail.poller.vendor.HttpVendorClient;
import io.devicetrail.poller.vendor.VendorApiConfig;
import io.devicetrail.simulator.Activity;
import io.devicetrail.simulator.Defect;
import io.devicetrail.simulator.DeviceInfo;
import io.devicetrail.simulator.Fleet;
import io.devicetrail.simulator.ManualClock;
import io.devicetrail.simulator.Reading;
import io.devicetrail.simulator.SimulatorConfig;
import io.devicetrail.simulator.SimulatorServer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The poller against the real simulator and a real Kafka broker: what reaches the topics is
 * compared with the simulator's ground truth.
 */
class PollerIntegrationTest {
  private static final int DEVICES = 50;
  private static final Map<Defect, String> RULE_OF_DEFECT =
      Map.of(
          Defect.RSSI_POSITIVE, "rssi_dbm.range",
          Defect.BATTERY_TOO_HIGH, "battery_mv.range",
          Defect.LAT_OUT_OF_RANGE, "lat.range",
          Defect.RSRQ_POSITIVE, "rsrq_db.range");

  @TempDir static Path kafkaDir;
  private static LocalKafka kafka;

  @TempDir Path stateDir;
  private ManualClock clock;
  private SimulatorServer simulator;
  private Fleet fleet;
  private KafkaEventPublisher publisher;
  private FileCursorStore cursors;
  private Poller poller;

  @BeforeAll
  static void startKafka() throws Exception {
    kafka = LocalKafka.start(kafkaDir);
    ContractTopics.create(kafka, 3);
  }

  @AfterAll
  static void stopKafka() {
    if (kafka != null) {
      kafka.close();
    }
  }

  @BeforeEach
  void start() throws Exception {
    Instant start = Instant.parse("2026-11-01T00:00:00Z");
    clock = new ManualClock(start);
    simulator =
        SimulatorServer.start(
            SimulatorConfig.builder()
                .seed(2026)
                .deviceCount(DEVICES)
                .clock(clock)
                .historyStart(start.minus(Duration.ofHours(12)))
                .badReadingRate(0.03)
                .build());
    fleet = simulator.fleet();
    publisher = KafkaEventPublisher.create(kafka.bootstrapServers(), new Properties());
    cursors = FileCursorStore.open(stateDir);
    poller = newPoller();
  }

  @AfterEach
  void stop() throws Exception {
    if (poller != null) {
      poller.close();
    }
    if (cursors != null) {
      cursors.close();
    }
    if (publisher != null) {
      publisher.close();
    }
    if (simulator != null) {
      simulator.close();
    }
  }

  private Poller newPoller() {
    return new Poller(
        PollerConfig.builder()
            .concurrency(8)
            .pageLimit(100)
            .deviceListInterval(Duration.ofHours(6))
            .build(),
        new HttpVendorClient(
            VendorApiConfig.builder(simulator.baseUrl()).build(), ApiToken.of(simulator.token())),
        publisher,
        cursors,
        new SimulatedTime(clock));
  }

  private void runRounds(Duration total, Duration step) throws InterruptedException {
    for (Duration done = Duration.ZERO; done.compareTo(total) < 0; done = done.plus(step)) {
      clock.advance(step);
      RoundResult round = poller.runOnce();
      assertThat(round.isClean()).as("round at %s: %s", clock.now(), round).isTrue();
    }
  }

  @Test
  void publishesExactlyWhatTheApiServesAndResumesAfterARestartWithoutRefetching() throws Exception {
    runRounds(Duration.ofDays(2), Duration.ofHours(3));

    // More pages than device polls × 2 feeds: pages with has_more were followed.
    long polls = poller.stats().polls(PollOutcome.OK);
    assertThat(poller.stats().pagesFetched()).isGreaterThan(2 * polls);
    Totals afterRun = assertTopicsMatchTheFleet();
    assertThat(afterRun.readings).isGreaterThan(DEVICES * 20);
    assertThat(afterRun.deadLetters).isPositive();
    assertThat(afterRun.activities).isPositive();

    // Restart on the same state directory, nothing new visible: nothing is fetched twice.
    poller.close();
    cursors.close();
    cursors = FileCursorStore.open(stateDir);
    poller = newPoller();
    long requestsBefore = simulator.requestCount();
    RoundResult restart = poller.runOnce();

    assertThat(restart.isClean()).isTrue();
    // One device list page, then one signal and one activity request per device.
    assertThat(simulator.requestCount() - requestsBefore).isEqualTo(1 + 2L * DEVICES);
    assertThat(poller.stats().readingsPolled()).isZero();
    assertThat(poller.stats().activitiesPolled()).isZero();
    Totals afterRestart = assertTopicsMatchTheFleet();
    assertThat(afterRestart.readings).isEqualTo(afterRun.readings);
    assertThat(afterRestart.activities).isEqualTo(afterRun.activities);
    assertThat(afterRestart.deadLetters).isEqualTo(afterRun.deadLetters);

    // Time moves on: the restarted poller continues where the first one stopped.
    runRounds(Duration.ofHours(12), Duration.ofHours(3));

    Totals afterMore = assertTopicsMatchTheFleet();
    assertThat(afterMore.readings).isGreaterThan(afterRun.readings);
  }

  private record Totals(long readings, long activities, long deadLetters) {}

  /**
   * Every topic holds exactly what the simulator has made visible by now: each valid reading and
   * activity once, per device in ts order; each invalid reading as a dead letter with its rule.
   */
  private Totals assertTopicsMatchTheFleet() {
    Instant now = clock.now();
    Map<String, List<Message>> signal =
        TopicContents.read(kafka.bootstrapServers(), Topics.SIGNAL).byKey();
    Map<String, List<Message>> activity =
        TopicContents.read(kafka.bootstrapServers(), Topics.ACTIVITY).byKey();
    Map<String, List<Message>> deadLetters =
        TopicContents.read(kafka.bootstrapServers(), Topics.DEADLETTER).byKey();
    Map<String, List<Message>> devices =
        TopicContents.read(kafka.bootstrapServers(), Topics.DEVICE).byKey();

    assertThat(devices.keySet()).containsExactlyInAnyOrderElementsOf(fleet.deviceIds());
    long readings = 0;
    long activities = 0;
    long letters = 0;
    for (String id : fleet.deviceIds()) {
      List<Reading> visible = fleet.readingsVisible(id, now);
      DeviceInfo info = fleet.device(id, now);

      List<Reading> valid = visible.stream().filter(Reading::valid).toList();
      List<SignalReading> published =
          signal.getOrDefault(id, List.of()).stream()
              .map(m -> EventCodec.decodeSignal(bytes(m.value())).value())
              .toList();
      assertThat(published).as("signal of %s", id).hasSameSizeAs(valid);
      for (int i = 0; i < valid.size(); i++) {
        assertSameReading(published.get(i), valid.get(i), info.tenantId());
      }
      readings += published.size();

      List<Reading> invalid = visible.stream().filter(r -> !r.valid()).toList();
      List<DeadLetter> rejected =
          deadLetters.getOrDefault(id, List.of()).stream()
              .map(m -> EventCodec.decodeDeadLetter(bytes(m.value())))
              .toList();
      assertThat(rejected).as("dead letters of %s", id).hasSameSizeAs(invalid);
      for (int i = 0; i < invalid.size(); i++) {
        DeadLetter letter = rejected.get(i);
        assertThat(letter.stage()).isEqualTo("poller");
        assertThat(letter.rule()).isEqualTo(RULE_OF_DEFECT.get(invalid.get(i).defect()));
        assertThat(EventCodec.parse(bytes(letter.payload())).orElseThrow().get("ts").textValue())
            .isEqualTo(invalid.get(i).ts().toString());
      }
      letters += rejected.size();

      List<String> expectedEvents =
          fleet.activitiesVisible(id, now).stream().map(Activity::eventId).toList();
      List<DeviceActivity> events =
          activity.getOrDefault(id, List.of()).stream()
              .map(m -> EventCodec.decodeActivity(bytes(m.value())).value())
              .toList();
      assertThat(events)
          .extracting(DeviceActivity::eventId)
          .containsExactlyElementsOf(expectedEvents);
      assertThat(events).allSatisfy(e -> assertThat(e.tenantId()).isEqualTo(info.tenantId()));
      activities += events.size();

      List<Message> snapshots = devices.get(id);
      DeviceSnapshot latest =
          EventCodec.decodeSnapshot(bytes(snapshots.get(snapshots.size() - 1).value())).value();
      assertThat(latest.tenantId()).isEqualTo(info.tenantId());
    }
    return new Totals(readings, activities, letters);
  }

  private static void assertSameReading(SignalReading actual, Reading expected, String tenant) {
    assertThat(actual.deviceId()).isEqualTo(expected.deviceId());
    assertThat(actual.tenantId()).isEqualTo(tenant);
    assertThat(actual.ts()).isEqualTo(expected.ts());
    assertThat(actual.rssiDbm()).isEqualTo(expected.rssiDbm());
    assertThat(actual.snrDb()).isEqualTo(expected.snrDb());
    assertThat(actual.rsrpDbm()).isEqualTo(expected.rsrpDbm());
    assertThat(actual.rsrqDb()).isEqualTo(expected.rsrqDb());
    assertThat(actual.cellId()).isEqualTo(expected.cellId());
    assertThat(actual.lat()).isEqualTo(expected.lat());
    assertThat(actual.lon()).isEqualTo(expected.lon());
    assertThat(actual.batteryMv()).isEqualTo(expected.batteryMv());
    assertThat(actual.fetchedAt()).isAfterOrEqualTo(expected.visibleAt());
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}
