package io.devicetrail.poller.testing;

import static org.assertj.core.api.Assertions.assertThat;

import io.devicetrail.events.DeadLetter;
import io.devicetrail.events.EventCodec;
import io.devicetrail.events.SignalReading;
import io.devicetrail.events.Topics;
import io.devicetrail.poller.testing.TopicContents.Message;
import io.devicetrail.simulator.Activity;
import io.devicetrail.simulator.Fleet;
import io.devicetrail.simulator.Reading;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

/**
 * Compares what Kafka holds with the simulator's ground truth: every valid reading (exactly as
 * served) and activity event that the API serves by {@code now}, per device in ts order, and every
 * invalid reading as a dead letter. Duplicates (after a crash) are counted, not failed, unless the
 * caller asks for none.
 */
public final class FleetAssertions {
  /** What the topics held. */
  public record Delivered(long readings, long activities, long deadLetters, long duplicates) {}

  private FleetAssertions() {}

  public static Delivered assertKafkaHoldsEverythingVisible(
      String bootstrap, Fleet fleet, Instant now) {
    Map<String, List<Message>> signal = TopicContents.read(bootstrap, Topics.SIGNAL).byKey();
    Map<String, List<Message>> activity = TopicContents.read(bootstrap, Topics.ACTIVITY).byKey();
    Map<String, List<Message>> dead = TopicContents.read(bootstrap, Topics.DEADLETTER).byKey();
    long readings = 0;
    long activities = 0;
    long letters = 0;
    long duplicates = 0;
    for (String id : fleet.deviceIds()) {
      List<Reading> visible = fleet.readingsVisible(id, now);
      List<Reading> valid = visible.stream().filter(Reading::valid).toList();
      Map<Instant, SignalReading> firstSeen = new LinkedHashMap<>();
      List<Message> messages = signal.getOrDefault(id, List.of());
      for (Message m : messages) {
        SignalReading r = EventCodec.decodeSignal(bytes(m.value())).value();
        firstSeen.putIfAbsent(r.ts(), r);
      }
      duplicates += messages.size() - firstSeen.size();
      List<SignalReading> distinct = new ArrayList<>(firstSeen.values());
      assertThat(distinct).as("signal of %s (first appearances)", id).hasSameSizeAs(valid);
      for (int i = 0; i < valid.size(); i++) {
        Reading expected = valid.get(i);
        SignalReading actual = distinct.get(i);
        assertThat(actual.ts()).as("order of %s", id).isEqualTo(expected.ts());
        assertThat(actual.rssiDbm()).isEqualTo(expected.rssiDbm());
        assertThat(actual.snrDb()).isEqualTo(expected.snrDb());
        assertThat(actual.rsrpDbm()).isEqualTo(expected.rsrpDbm());
        assertThat(actual.rsrqDb()).isEqualTo(expected.rsrqDb());
        assertThat(actual.cellId()).isEqualTo(expected.cellId());
        assertThat(actual.lat()).isEqualTo(expected.lat());
        assertThat(actual.lon()).isEqualTo(expected.lon());
        assertThat(actual.batteryMv()).isEqualTo(expected.batteryMv());
      }
      readings += distinct.size();

      List<Instant> invalid = visible.stream().filter(r -> !r.valid()).map(Reading::ts).toList();
      LinkedHashSet<Instant> rejected = new LinkedHashSet<>();
      for (Message m : dead.getOrDefault(id, List.of())) {
        DeadLetter letter = EventCodec.decodeDeadLetter(bytes(m.value()));
        assertThat(letter.stage()).isEqualTo("poller");
        assertThat(letter.rule()).endsWith(".range");
        rejected.add(
            Instant.parse(
                EventCodec.parse(bytes(letter.payload())).orElseThrow().get("ts").textValue()));
      }
      assertThat(rejected).as("dead letters of %s", id).containsExactlyElementsOf(invalid);
      letters += rejected.size();

      List<String> expectedEvents =
          fleet.activitiesVisible(id, now).stream().map(Activity::eventId).toList();
      LinkedHashSet<String> events = new LinkedHashSet<>();
      for (Message m : activity.getOrDefault(id, List.of())) {
        events.add(EventCodec.decodeActivity(bytes(m.value())).value().eventId());
      }
      assertThat(events).as("activity of %s", id).containsExactlyElementsOf(expectedEvents);
      activities += events.size();
    }
    return new Delivered(readings, activities, letters, duplicates);
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}
