package io.devicetrail.poller;

import com.fasterxml.jackson.databind.JsonNode;
import io.devicetrail.events.DeadLetter;
import io.devicetrail.events.Decoded;
import io.devicetrail.events.DeviceSnapshot;
import io.devicetrail.events.EventCodec;
import io.devicetrail.events.Topics;
import io.devicetrail.events.Validator;
import io.devicetrail.poller.publish.EventPublisher;
import io.devicetrail.poller.schedule.DeviceTable;
import io.devicetrail.poller.shard.ShardAssignment;
import io.devicetrail.poller.vendor.DevicePage;
import io.devicetrail.poller.vendor.VendorClient;
import io.devicetrail.poller.vendor.VendorException;
import io.devicetrail.poller.vendor.VendorRecord;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the whole device list (following {@code next_cursor}), page by page: each pollable device
 * this replica owns goes into the {@link DeviceTable}, and its DeviceSnapshot is published when it
 * is new or changed since this poller last published it (the topic is compacted, so an unchanged
 * device needs no new record; what was published is remembered as a 64-bit hash per device).
 * Entries that are not valid devices go to the dead letter topic, once per poller run: an entry
 * with a valid device id by the replica owning it, any other by replica 0. A page's records are
 * acknowledged before the next page is read, so memory stays flat for a million devices.
 */
final class DeviceDirectory {
  private static final Logger LOG = LoggerFactory.getLogger(DeviceDirectory.class);
  private static final String STAGE = "poller";

  /** What one listing found. */
  record Listing(int owned, boolean complete, boolean acknowledged, String failure) {
    boolean succeeded() {
      return complete && acknowledged;
    }
  }

  private final VendorClient vendor;
  private final EventPublisher publisher;
  private final Clock clock;
  private final PollerStats stats;
  private final PollerConfig config;
  private final DeviceTable table;
  private final ShardAssignment shard;

  private final Set<String> deadLettered = ConcurrentHashMap.newKeySet();

  DeviceDirectory(
      VendorClient vendor,
      EventPublisher publisher,
      Clock clock,
      PollerStats stats,
      PollerConfig config,
      DeviceTable table,
      ShardAssignment shard) {
    this.vendor = vendor;
    this.publisher = publisher;
    this.clock = clock;
    this.stats = stats;
    this.config = config;
    this.table = table;
    this.shard = shard;
  }

  /** Reads the list; every owned device gets {@code generation} in the table. */
  Listing list(int generation) throws InterruptedException {
    String cursor = null;
    String failure = null;
    boolean complete = false;
    boolean acknowledged = true;
    int owned = 0;
    try {
      do {
        DevicePage page = vendor.listDevices(cursor, config.deviceListPageLimit());
        Instant fetchedAt = clock.instant();
        stats.devicesListed(page.devices().size());
        List<Pending> pending = new ArrayList<>();
        for (VendorRecord entry : page.devices()) {
          Optional<Device> device = VendorRecords.pollable(entry.json());
          if (device.isPresent() && shard.owns(device.get().id())) {
            table.upsert(
                device.get().id(),
                device.get().tenantId(),
                reportingInterval(entry.json()),
                generation,
                fetchedAt.toEpochMilli());
            owned++;
          }
          publish(entry, device, fetchedAt, pending);
        }
        acknowledged &= awaitAll(pending);
        cursor = page.nextCursor();
      } while (cursor != null);
      complete = true;
    } catch (VendorException e) {
      failure = e.getMessage();
    }
    return new Listing(owned, complete, acknowledged, failure);
  }

  private static Integer reportingInterval(JsonNode device) {
    JsonNode n = device.get("reporting_interval_s");
    return n != null && n.canConvertToInt() && n.isIntegralNumber() ? n.intValue() : null;
  }

  private void publish(
      VendorRecord entry, Optional<Device> device, Instant fetchedAt, List<Pending> pending) {
    JsonNode id = entry.json().get("device_id");
    String key = id != null && id.isTextual() ? id.textValue() : "";
    boolean mine =
        device.isPresent() || Validator.isValidDeviceId(key) ? shard.owns(key) : shard.index() == 0;
    if (!mine) {
      return;
    }
    Decoded<DeviceSnapshot> snapshot = VendorRecords.snapshot(entry.json(), fetchedAt);
    if (snapshot.isValid()) {
      DeviceSnapshot identity = withoutFetchedAt(snapshot.value());
      long hash = hash(EventCodec.encode(identity));
      if (hash != table.snapshotHash(identity.deviceId())) {
        CompletableFuture<Void> ack =
            publisher.send(Topics.DEVICE, identity.deviceId(), EventCodec.encode(snapshot.value()));
        pending.add(
            new Pending(ack, () -> table.snapshotPublished(identity.deviceId(), hash), true));
      }
      return;
    }
    String text = entry.text();
    if (deadLettered.contains(text)) {
      return;
    }
    DeadLetter letter = DeadLetter.fromSource(STAGE, snapshot.violation(), text, fetchedAt);
    LOG.warn("device list entry rejected: {}", snapshot.violation().reason());
    CompletableFuture<Void> ack = publisher.send(Topics.DEADLETTER, key, EventCodec.encode(letter));
    pending.add(new Pending(ack, () -> deadLettered.add(text), false));
  }

  /** 64-bit FNV-1a: enough to tell a changed snapshot from an unchanged one. */
  private static long hash(byte[] bytes) {
    long h = 0xcbf29ce484222325L;
    for (byte b : bytes) {
      h ^= (b & 0xff);
      h *= 0x100000001b3L;
    }
    return h == 0 ? 1 : h;
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
        stats.kafkaSendFailed();
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

  /** The snapshot with a fixed fetched_at: what identifies its content. */
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
        Instant.EPOCH);
  }

  private record Pending(CompletableFuture<Void> ack, Runnable onAck, boolean snapshot) {}
}
