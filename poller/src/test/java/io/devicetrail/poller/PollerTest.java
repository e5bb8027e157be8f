package io.devicetrail.poller;

import static io.devicetrail.poller.testing.ScriptedVendorApi.activity;
import static io.devicetrail.poller.testing.ScriptedVendorApi.deviceJson;
import static io.devicetrail.poller.testing.ScriptedVendorApi.reading;
import static org.assertj.core.api.Assertions.assertThat;

import io.devicetrail.events.DeadLetter;
import io.devicetrail.events.DeviceSnapshot;
import io.devicetrail.events.EventCodec;
import io.devicetrail.events.SignalReading;
import io.devicetrail.events.Topics;
import io.devicetrail.poller.cursor.DeviceCursor;
import io.devicetrail.poller.cursor.FileCursorStore;
import io.devicetrail.poller.testing.RecordingPublisher;
import io.devicetrail.poller.testing.RecordingPublisher.Sent;
import io.devicetrail.poller.testing.ScriptedVendorApi;
import io.devicetrail.poller.testing.ScriptedVendorApi.Canned;
import io.devicetrail.poller.testing.ScriptedVendorApi.Request;
import io.devicetrail.poller.testing.SettableClock;
import io.devicetrail.poller.vendor.ApiToken;
import io.devicetrail.poller.vendor.HttpVendorClient;
import io.devicetrail.poller.vendor.VendorApiConfig;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The poller's cursor, dead letter and device list rules, against a real local HTTP server with
 * scripted data and a publisher that can refuse chosen records.
 */
class PollerTest {
  private static final String T1 = "2026-01-01T00:00:00Z";
  private static final String T2 = "2026-01-01T00:05:00Z";
  private static final String T3 = "2026-01-01T00:10:00Z";
  private static final String T4 = "2026-01-01T00:15:00Z";
  private static final String T5 = "2026-01-01T00:20:00Z";

  @TempDir Path stateDir;

  private final SettableClock clock = new SettableClock(Instant.parse("2026-01-01T01:00:00Z"));
  private final RecordingPublisher publisher = new RecordingPublisher();
  private ScriptedVendorApi api;
  private FileCursorStore cursors;
  private Poller poller;
  private PollerConfig config =
      PollerConfig.builder()
          .concurrency(4)
          .deviceListInterval(Duration.ofMinutes(10))
          .publishTimeout(Duration.ofSeconds(5))
          .build();

  @BeforeEach
  void start() throws Exception {
    api = ScriptedVendorApi.start();
    api.device(deviceJson("dev-1", "acme"));
    cursors = FileCursorStore.open(stateDir);
  }

  @AfterEach
  void stop() throws Exception {
    if (poller != null) {
      poller.close();
    }
    cursors.close();
    api.close();
  }

  private Poller poller() {
    if (poller != null) {
      poller.close();
    }
    VendorApiConfig apiConfig =
        VendorApiConfig.builder(api.baseUri())
            .maxAttempts(3)
            .initialBackoff(Duration.ofMillis(10))
            .maxBackoff(Duration.ofMillis(50))
            .build();
    poller =
        new Poller(
            config,
            new HttpVendorClient(apiConfig, ApiToken.of(ScriptedVendorApi.TOKEN)),
            publisher,
            cursors,
            clock);
    return poller;
  }

  private List<Instant> publishedTs(String deviceId) {
    return publisher.acknowledged(Topics.SIGNAL).stream()
        .filter(s -> s.key().equals(deviceId))
        .map(s -> signal(s).ts())
        .toList();
  }

  private static SignalReading signal(Sent sent) {
    return EventCodec.decodeSignal(sent.value().getBytes(StandardCharsets.UTF_8)).value();
  }

  private static DeadLetter deadLetter(Sent sent) {
    return EventCodec.decodeDeadLetter(sent.value().getBytes(StandardCharsets.UTF_8));
  }

  private static Instant at(String ts) {
    return Instant.parse(ts);
  }

  @Test
  void publishesEveryReadingActivityAndSnapshotKeyedByDeviceId() throws Exception {
    api.device(deviceJson("dev-2", "globex"))
        .readings("dev-1", reading(T1, -80), reading(T2, -81))
        .readings("dev-2", reading(T3, -90))
        .activities("dev-2", activity("e-1", T1, "REBOOT"));

    RoundResult round = poller().runOnce();

    assertThat(round.isClean()).isTrue();
    assertThat(round.count(PollOutcome.OK)).isEqualTo(2);
    assertThat(publishedTs("dev-1")).containsExactly(at(T1), at(T2));
    assertThat(publishedTs("dev-2")).containsExactly(at(T3));
    assertThat(publisher.acknowledged(Topics.SIGNAL))
        .allSatisfy(s -> assertThat(signal(s).deviceId()).isEqualTo(s.key()));
    Sent dev2 =
        publisher.acknowledged(Topics.SIGNAL).stream()
            .filter(s -> s.key().equals("dev-2"))
            .findFirst()
            .orElseThrow();
    assertThat(signal(dev2).tenantId()).isEqualTo("globex");
    assertThat(signal(dev2).fetchedAt()).isEqualTo(clock.instant());
    assertThat(publisher.acknowledged(Topics.ACTIVITY))
        .singleElement()
        .satisfies(
            s -> {
              assertThat(s.key()).isEqualTo("dev-2");
              assertThat(
                      EventCodec.decodeActivity(s.value().getBytes(StandardCharsets.UTF_8))
                          .value()
                          .eventId())
                  .isEqualTo("e-1");
            });
    assertThat(publisher.acknowledged(Topics.DEVICE))
        .extracting(Sent::key)
        .containsExactlyInAnyOrder("dev-1", "dev-2");
    assertThat(cursors.get("dev-1")).isEqualTo(new DeviceCursor("dev-1", at(T2), null));
    assertThat(cursors.get("dev-2")).isEqualTo(new DeviceCursor("dev-2", at(T3), at(T1)));
    assertThat(poller.stats().readingsPublished()).isEqualTo(3);
    assertThat(poller.stats().activitiesPublished()).isEqualTo(1);
  }

  @Test
  void followsHasMoreAskingSinceTheLastTsOfEachPage() throws Exception {
    config = PollerConfig.builder().pageLimit(2).build();
    api.readings(
        "dev-1",
        reading(T1, -80),
        reading(T2, -81),
        reading(T3, -82),
        reading(T4, -83),
        reading(T5, -84));

    poller().runOnce();

    assertThat(publishedTs("dev-1")).containsExactly(at(T1), at(T2), at(T3), at(T4), at(T5));
    assertThat(api.requests("/v1/devices/dev-1/signal"))
        .extracting(r -> r.query().get("since"))
        .containsExactly(null, T2, T4);
  }

  @Test
  void aReadingKafkaDidNotAcknowledgeHoldsTheCursorBeforeItAndIsSentAgain() throws Exception {
    api.readings("dev-1", reading(T1, -80), reading(T2, -81), reading(T3, -82), reading(T4, -83));
    publisher.refuse(s -> s.topic().equals(Topics.SIGNAL) && signal(s).ts().equals(at(T3)));

    RoundResult first = poller().runOnce();

    assertThat(first.count(PollOutcome.PUBLISH_FAILED)).isEqualTo(1);
    assertThat(cursors.get("dev-1").signalSince()).isEqualTo(at(T2));
    assertThat(publishedTs("dev-1")).doesNotContain(at(T3));

    publisher.acceptAll();
    RoundResult second = poller.runOnce();

    assertThat(second.isClean()).isTrue();
    assertThat(cursors.get("dev-1").signalSince()).isEqualTo(at(T4));
    // T4 may have been taken in the first round too: duplicates are allowed, gaps are not.
    assertThat(publishedTs("dev-1")).containsSubsequence(at(T1), at(T2), at(T3), at(T4));
    assertThat(api.requests("/v1/devices/dev-1/signal").get(1).query().get("since")).isEqualTo(T2);
  }

  @Test
  void aBadReadingIsDeadLetteredAndPassedOnlyOnceTheDeadLetterIsAcknowledged() throws Exception {
    String bad = reading(T2, 5);
    api.readings("dev-1", reading(T1, -80), bad, reading(T3, -82));
    publisher.refuse(s -> s.topic().equals(Topics.DEADLETTER));

    RoundResult first = poller().runOnce();

    assertThat(first.count(PollOutcome.PUBLISH_FAILED)).isEqualTo(1);
    assertThat(cursors.get("dev-1").signalSince()).isEqualTo(at(T1));

    publisher.acceptAll();
    poller.runOnce();

    assertThat(cursors.get("dev-1").signalSince()).isEqualTo(at(T3));
    assertThat(publishedTs("dev-1")).doesNotContain(at(T2)).contains(at(T1), at(T3));
    assertThat(publisher.acknowledged(Topics.DEADLETTER))
        .singleElement()
        .satisfies(
            s -> {
              assertThat(s.key()).isEqualTo("dev-1");
              DeadLetter letter = deadLetter(s);
              assertThat(letter.stage()).isEqualTo("poller");
              assertThat(letter.rule()).isEqualTo("rssi_dbm.range");
              assertThat(letter.reason()).startsWith("rssi_dbm.range: rssi_dbm=5.0 outside");
              assertThat(letter.payload()).isEqualTo(bad);
              assertThat(letter.topic()).isNull();
              assertThat(letter.at()).isEqualTo(clock.instant());
            });
    assertThat(poller.stats().deadLettered()).isEqualTo(1);
  }

  @Test
  void aMalformedElementInAWellFormedListIsDeadLetteredAlone() throws Exception {
    api.readings("dev-1", reading(T1, -80), "\"{ts: garbage\"", "[1, 2.50]", "-0.0e1");

    poller().runOnce();

    assertThat(publishedTs("dev-1")).containsExactly(at(T1));
    assertThat(publisher.acknowledged(Topics.DEADLETTER))
        .extracting(s -> deadLetter(s).rule(), s -> deadLetter(s).payload())
        .containsExactlyInAnyOrder(
            org.assertj.core.groups.Tuple.tuple("json.malformed", "\"{ts: garbage\""),
            org.assertj.core.groups.Tuple.tuple("json.malformed", "[1, 2.50]"),
            org.assertj.core.groups.Tuple.tuple("json.malformed", "-0.0e1"));
  }

  @Test
  void aMalformedResponseBodyIsRetriedNotDeadLettered() throws Exception {
    api.readings("dev-1", reading(T1, -80));
    api.failNext("/v1/devices/dev-1/signal", Canned.body("{\"device_id\":\"dev-1\",\"readi"));

    RoundResult round = poller().runOnce();

    assertThat(round.isClean()).isTrue();
    assertThat(publishedTs("dev-1")).containsExactly(at(T1));
    assertThat(publisher.acknowledged(Topics.DEADLETTER)).isEmpty();
  }

  @Test
  void aReadingFromTheFutureDoesNotHideReadingsUploadedLater() throws Exception {
    String future = reading("2026-01-02T00:00:00Z", -70);
    api.readings("dev-1", reading(T1, -80), future);

    poller().runOnce();
    poller.runOnce();

    assertThat(cursors.get("dev-1").signalSince()).isEqualTo(at(T1));
    assertThat(publisher.acknowledged(Topics.DEADLETTER))
        .singleElement()
        .satisfies(s -> assertThat(deadLetter(s).rule()).isEqualTo("ts.future"));

    // The device uploads a reading it took before the bogus one.
    api.readings("dev-1", reading(T2, -81));
    poller.runOnce();

    assertThat(publishedTs("dev-1")).containsExactly(at(T1), at(T2));
    assertThat(publisher.acknowledged(Topics.DEADLETTER)).hasSize(1);
  }

  @Test
  void a404PausesTheDeviceUntilTheDeviceListShowsItAgain() throws Exception {
    api.device(deviceJson("dev-2", "acme")).readings("dev-2", reading(T1, -80));
    String dev2 = "/v1/devices/dev-2/signal";
    api.failNext(dev2, Canned.status(404));

    RoundResult first = poller().runOnce();

    assertThat(first.count(PollOutcome.REMOVED)).isEqualTo(1);
    assertThat(first.count(PollOutcome.OK)).isEqualTo(1);
    assertThat(api.requests(dev2)).hasSize(1);

    clock.advance(Duration.ofMinutes(1));
    RoundResult second = poller.runOnce();

    assertThat(second.devicesPolled()).isEqualTo(1);
    assertThat(api.requests(dev2)).hasSize(1);

    clock.advance(Duration.ofMinutes(10));
    RoundResult third = poller.runOnce();

    assertThat(third.deviceListFetched()).isTrue();
    assertThat(third.count(PollOutcome.OK)).isEqualTo(2);
    assertThat(publishedTs("dev-2")).containsExactly(at(T1));
    assertThat(poller.stats().polls(PollOutcome.REMOVED)).isEqualTo(1);
  }

  @Test
  void aDeviceTheApiKeepsFailingIsRetriedNextRoundWithoutHoldingUpTheOthers() throws Exception {
    api.device(deviceJson("dev-2", "acme"))
        .readings("dev-1", reading(T1, -80))
        .readings("dev-2", reading(T1, -80));
    api.failNext(
        "/v1/devices/dev-2/signal", Canned.status(500), Canned.status(500), Canned.status(500));

    RoundResult first = poller().runOnce();

    assertThat(first.count(PollOutcome.FETCH_FAILED)).isEqualTo(1);
    assertThat(publishedTs("dev-1")).containsExactly(at(T1));
    assertThat(cursors.get("dev-2").signalSince()).isNull();

    RoundResult second = poller.runOnce();

    assertThat(second.isClean()).isTrue();
    assertThat(publishedTs("dev-2")).containsExactly(at(T1));
    assertThat(poller.stats().pollFailures()).isEqualTo(1);
  }

  @Test
  void aRestartedPollerResumesFromItsCursorsWithoutRefetching() throws Exception {
    api.readings("dev-1", reading(T1, -80), reading(T2, -81))
        .activities("dev-1", activity("e-1", T1, "CONNECT"));
    poller().runOnce();
    poller.close();
    cursors.close();
    publisher.clear();

    cursors = FileCursorStore.open(stateDir);
    poller().runOnce();

    assertThat(publisher.acknowledged(Topics.SIGNAL)).isEmpty();
    assertThat(publisher.acknowledged(Topics.ACTIVITY)).isEmpty();
    List<Request> signal = api.requests("/v1/devices/dev-1/signal");
    assertThat(signal.get(signal.size() - 1).query()).containsEntry("since", T2);

    api.readings("dev-1", reading(T3, -82));
    poller.runOnce();

    assertThat(publishedTs("dev-1")).containsExactly(at(T3));
  }

  @Test
  void publishesADeviceSnapshotAgainOnlyWhenTheDeviceChanged() throws Exception {
    api.device(deviceJson("dev-2", "acme"));
    poller().runOnce();
    assertThat(publisher.acknowledged(Topics.DEVICE)).hasSize(2);

    api.clearDevices()
        .device(deviceJson("dev-1", "acme"))
        .device(
            deviceJson("dev-2", "acme").replace("\"config_version\":3", "\"config_version\":4"));
    clock.advance(Duration.ofMinutes(10));
    poller.runOnce();

    List<Sent> snapshots = publisher.acknowledged(Topics.DEVICE);
    assertThat(snapshots).hasSize(3);
    DeviceSnapshot latest =
        EventCodec.decodeSnapshot(snapshots.get(2).value().getBytes(StandardCharsets.UTF_8))
            .value();
    assertThat(latest.deviceId()).isEqualTo("dev-2");
    assertThat(latest.configVersion()).isEqualTo(4);
    assertThat(latest.fetchedAt()).isEqualTo(clock.instant());
  }

  @Test
  void readsTheWholeDeviceListAndDeadLettersEntriesThatAreNotDevices() throws Exception {
    config =
        PollerConfig.builder()
            .deviceListPageLimit(2)
            .deviceListInterval(Duration.ofMinutes(10))
            .build();
    for (int i = 2; i <= 5; i++) {
      api.device(deviceJson("dev-" + i, "acme"));
    }
    api.device(deviceJson("bad id", "acme"));

    RoundResult first = poller().runOnce();
    clock.advance(Duration.ofMinutes(10));
    poller.runOnce();

    assertThat(first.devicesPolled()).isEqualTo(5);
    assertThat(api.requests("/v1/devices")).hasSize(6);
    assertThat(publisher.acknowledged(Topics.DEVICE)).hasSize(5);
    assertThat(publisher.acknowledged(Topics.DEADLETTER))
        .singleElement()
        .satisfies(s -> assertThat(deadLetter(s).rule()).isEqualTo("device_id.format"));
    assertThat(poller.stats().devicesKnown()).isEqualTo(5);
  }

  @Test
  void stopsPollingADeviceThatLeftTheDeviceList() throws Exception {
    api.device(deviceJson("dev-2", "acme"));
    poller().runOnce();

    api.clearDevices().device(deviceJson("dev-1", "acme"));
    clock.advance(Duration.ofMinutes(10));
    RoundResult round = poller.runOnce();

    assertThat(round.devicesPolled()).isEqualTo(1);
    assertThat(api.requests("/v1/devices/dev-2/signal")).hasSize(1);
  }
}
