package io.devicetrail.poller;

import com.fasterxml.jackson.databind.JsonNode;
import io.devicetrail.events.DeadLetter;
import io.devicetrail.events.Decoded;
import io.devicetrail.events.DeviceSnapshot;
import io.devicetrail.events.EventCodec;
import io.devicetrail.events.Topics;
import io.devicetrail.poller.publish.EventPublisher;
import io.devicetrail.poller.vendor.DevicePage;
import io.devicetrail.poller.vendor.VendorClient;
import io.devicetrail.poller.vendor.VendorException;
import io.devicetrail.poller.vendor.VendorRecord;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the whole device list (following {@code next_cursor}) and publishes a DeviceSnapshot for
 * every device that is new or changed since this poller last published it (the topic is compacted,
 * so an unchanged device needs no new record). Entries that are not valid devices go to the dead
 * letter topic, once per poller run.
 */
final class DeviceDirectory {
  private static final Logger LOG = LoggerFactory.getLogger(DeviceDirectory.class);
  private static final String STAGE = "poller";

  /** What one listing found. */
  record Listing(List<Device> devices, boolean complete, boolean acknowledged, String failure) {
    boolean succeeded() {
      return complete && acknowledged;
    }
  }

  private final VendorClient vendor;
  private final EventPublisher publisher;
  private final Clock clock;
  private final PollerStats stats;
  private final PollerConfig config;

  /** Last acknowledged snapshot per device, with fetched_at cleared, to publish changes only. */
  private final Map<String, DeviceSnapshot> published = new ConcurrentHashMap<>();

  private final Set<String> deadLettered = ConcurrentHashMap.newKeySet();

  DeviceDirectory(
      VendorClient vendor,
      EventPublisher publisher,
      Clock clock,
      PollerStats stats,
      PollerConfig config) {
    this.vendor = vendor;
    this.publisher = publisher;
    this.clock = clock;
    this.stats = stats;
    this.config = config;
  }

  Listing list() throws InterruptedException {
    List<Device> devices = new ArrayList<>();
    List<Pending> pending = new ArrayList<>();
    String cursor = null;
    String failure = null;
    boolean complete = false;
    try {
      do {
        DevicePage page = vendor.listDevices(cursor, config.deviceListPageLimit());
        Instant fetchedAt = clock.instant();
        stats.devicesListed(page.devices().size());
        for (VendorRecord entry : page.devices()) {
          VendorRecords.pollable(entry.json()).ifPresent(devices::add);
          publish(entry, fetchedAt, pending);
        }
        cursor = page.nextCursor();
      } while (cursor != null);
      complete = true;
    } catch (VendorException e) {
      failure = e.getMessage();
    }
    boolean acknowledged = awaitAll(pending);
    return new Listing(devices, complete, acknowledged, failure);
  }

  private void publish(VendorRecord entry, Instant fetchedAt, List<Pending> pending) {
    Decoded<DeviceSnapshot> snapshot = VendorRecords.snapshot(entry.json(), fetchedAt);
    if (snapshot.isValid()) {
      DeviceSnapshot identity = withoutFetchedAt(snapshot.value());
      if (!identity.equals(published.get(identity.deviceId()))) {
        CompletableFuture<Void> ack =
            publisher.send(Topics.DEVICE, identity.deviceId(), EventCodec.encode(snapshot.value()));
        pending.add(new Pending(ack, () -> published.put(identity.deviceId(), identity), true));
      }
      return;
    }
    String text = entry.text();
    if (deadLettered.contains(text)) {
      return;
    }
    DeadLetter letter = DeadLetter.fromSource(STAGE, snapshot.violation(), text, fetchedAt);
    JsonNode id = entry.json().get("device_id");
    String key = id != null && id.isTextual() ? id.textValue() : "";
    LOG.warn("device list entry rejected: {}", snapshot.violation().reason());
    CompletableFuture<Void> ack = publisher.send(Topics.DEADLETTER, key, EventCodec.encode(letter));
    pending.add(new Pending(ack, () -> deadLettered.add(text), false));
  }

  private boolean awaitAll(List<Pending> pending) throws InterruptedException {
    Acks acks = new Acks(config.publishTimeout());
    Throwable firstFailure = null;
    int failures = 0;
    for (Pending p : pending) {
      Throwable failure = acks.await(p.ack);
      if (failure == null) {
        p.onAck.run();
        if (p.snapshot) {
          stats.snapshotPublished();
        } else {
          stats.deadLetterAcknowledged();
        }
      } else {
        failures++;
        firstFailure = firstFailure == null ? failure : firstFailure;
      }
    }
    if (failures > 0) {
      LOG.warn(
          "{} device snapshots or dead letters not acknowledged ({}); sent again at the next"
              + " listing",
          failures,
          Acks.describe(firstFailure));
    }
    return failures == 0;
  }

  private static DeviceSnapshot withoutFetchedAt(DeviceSnapshot s) {
    return new DeviceSnapshot(
        s.deviceId(),
        s.tenantId(),
        s.model(),
        s.firmware(),
        s.configVersion(),
        s.reportingIntervalS(),
        s.site(),
        s.updatedAt(),
        null);
  }

  private record Pending(CompletableFuture<Void> ack, Runnable onAck, boolean snapshot) {}
}
