package io.devicetrail.poller;

import io.devicetrail.events.DeadLetter;
import io.devicetrail.events.EventCodec;
import io.devicetrail.events.Topics;
import io.devicetrail.events.Validator;
import io.devicetrail.poller.cursor.CursorStore;
import io.devicetrail.poller.cursor.DeviceCursor;
import io.devicetrail.poller.publish.EventPublisher;
import io.devicetrail.poller.schedule.FeedResult;
import io.devicetrail.poller.vendor.DeviceNotFoundException;
import io.devicetrail.poller.vendor.RecordPage;
import io.devicetrail.poller.vendor.VendorClient;
import io.devicetrail.poller.vendor.VendorException;
import io.devicetrail.poller.vendor.VendorRecord;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Polls one device: for each feed, fetches pages since the device's cursor, publishes every record
 * (valid ones to the feed's topic, invalid ones as dead letters), waits for Kafka's
 * acknowledgements and only then saves the cursor.
 *
 * <p>The cursor after a page is the {@code ts} of the last record of the longest acknowledged
 * prefix of the page. So a record Kafka did not take holds the cursor before it, and the next poll
 * sends it (and what followed it) again: duplicates are allowed by the contract, gaps are not.
 *
 * <p>The cursor never moves to a {@code ts} beyond {@code fetched_at} + 10 minutes (a record that
 * is dead-lettered as {@code ts.future}): since the API filters by {@code ts}, a cursor in the
 * future would hide every reading the device uploads until then. Such records are fetched again
 * each poll; they are dead-lettered once per poller run, not every time.
 */
final class DevicePoller {
  private static final Logger LOG = LoggerFactory.getLogger(DevicePoller.class);
  private static final String STAGE = "poller";

  private final VendorClient vendor;
  private final EventPublisher publisher;
  private final CursorStore cursors;
  private final Clock clock;
  private final PollerStats stats;
  private final PollerConfig config;
  private final BooleanSupplier stopping;

  /** Per device and feed: payloads dead-lettered beyond the cursor (they come back next poll). */
  private final Map<String, Map<Feed, Set<String>>> deadLettersAhead = new ConcurrentHashMap<>();

  DevicePoller(
      VendorClient vendor,
      EventPublisher publisher,
      CursorStore cursors,
      Clock clock,
      PollerStats stats,
      PollerConfig config,
      BooleanSupplier stopping) {
    this.vendor = vendor;
    this.publisher = publisher;
    this.cursors = cursors;
    this.clock = clock;
    this.stats = stats;
    this.config = config;
    this.stopping = stopping;
  }

  /** Polls both feeds of the device, signal first; stops at the first feed that fails. */
  PollOutcome poll(Device device) throws InterruptedException {
    for (Feed feed : Feed.values()) {
      PollOutcome outcome = poll(device, feed).outcome();
      if (outcome != PollOutcome.OK) {
        return outcome;
      }
    }
    return PollOutcome.OK;
  }

  /** How one feed's poll ended, and what it found beyond the cursor. */
  record FeedPoll(PollOutcome outcome, FeedResult found) {}

  /** Polls one feed of the device: every page from its cursor on. */
  FeedPoll poll(Device device, Feed feed) throws InterruptedException {
    Found found = new Found();
    PollOutcome outcome;
    try {
      outcome = drain(device, feed, found);
    } catch (DeviceNotFoundException e) {
      LOG.info(
          "device {} is gone from the vendor API (404); paused until listed again", device.id());
      outcome = PollOutcome.REMOVED;
    } catch (VendorException e) {
      LOG.warn("device {}: {}", device.id(), e.getMessage());
      outcome = PollOutcome.FETCH_FAILED;
    }
    if (feed == Feed.SIGNAL && outcome == PollOutcome.OK) {
      Instant since = cursors.get(device.id()).signalSince();
      if (since != null) {
        stats.cursorLag(Duration.between(since, clock.instant()));
      }
    }
    return new FeedPoll(outcome, found.result());
  }

  /** Records beyond the cursor seen in one feed poll, and their ts range. */
  private static final class Found {
    int records;
    long oldest = Long.MAX_VALUE;
    long newest;

    void add(Instant ts) {
      records++;
      if (ts != null) {
        oldest = Math.min(oldest, ts.getEpochSecond());
        newest = Math.max(newest, ts.getEpochSecond());
      }
    }

    FeedResult result() {
      return records == 0 || newest == 0
          ? new FeedResult(records, 0, 0)
          : new FeedResult(records, oldest, newest);
    }
  }

  /** Forgets what is kept about a device that left the device list. */
  void forget(String deviceId) {
    deadLettersAhead.remove(deviceId);
  }

  private PollOutcome drain(Device device, Feed feed, Found found)
      throws VendorException, InterruptedException {
    while (!stopping.getAsBoolean()) {
      DeviceCursor cursor = cursors.get(device.id());
      Instant since = feed.since(cursor);
      RecordPage page = feed.fetch(vendor, device.id(), since, config.pageLimit());
      stats.polled(feed, page.size());
      if (page.isEmpty()) {
        return PollOutcome.OK;
      }
      for (VendorRecord record : page.records()) {
        found.add(VendorRecords.ts(record.json()));
      }
      PageResult result = publish(device, feed, page, since, clock.instant());
      if (result.cursor != null && !result.cursor.equals(since)) {
        try {
          cursors.save(feed.advance(cursor, result.cursor));
        } catch (IOException e) {
          LOG.error(
              "device {}: cannot save {} cursor {}: {}",
              device.id(),
              feed.name().toLowerCase(),
              result.cursor,
              e.toString());
          return PollOutcome.STORE_FAILED;
        }
      }
      if (result.failures > 0) {
        LOG.warn(
            "device {}: {} of {} {} records not acknowledged by Kafka ({}); cursor held at {}",
            device.id(),
            result.failures,
            page.size(),
            feed.name().toLowerCase(),
            Acks.describe(result.firstFailure),
            result.cursor);
        return PollOutcome.PUBLISH_FAILED;
      }
      if (!page.hasMore()) {
        return PollOutcome.OK;
      }
      if (Objects.equals(result.cursor, since)) {
        // A full page that cannot move the cursor (all beyond the future horizon or without a
        // usable ts): asking again would return the same page.
        LOG.warn(
            "device {}: a full {} page did not move the cursor from {}; rest left for next round",
            device.id(),
            feed.name().toLowerCase(),
            since);
        return PollOutcome.OK;
      }
    }
    return PollOutcome.OK;
  }

  private record PageResult(Instant cursor, int failures, Throwable firstFailure) {}

  private record Sent(
      Instant ts, String deadLetterText, boolean alreadyDeadLettered, CompletableFuture<Void> ack) {
    boolean isDeadLetter() {
      return deadLetterText != null;
    }
  }

  private PageResult publish(
      Device device, Feed feed, RecordPage page, Instant since, Instant fetchedAt)
      throws InterruptedException {
    Set<String> ahead = deadLettersAheadIfAny(device.id(), feed);
    List<Sent> sent = new ArrayList<>(page.size());
    for (VendorRecord record : page.records()) {
      Instant ts = VendorRecords.ts(record.json());
      EncodedEvent event = VendorRecords.event(feed, device, record.json(), fetchedAt);
      if (event.isValid()) {
        sent.add(new Sent(ts, null, false, publisher.send(feed.topic, device.id(), event.value())));
        continue;
      }
      String text = record.text();
      if (ahead.contains(text)) {
        sent.add(new Sent(ts, text, true, CompletableFuture.completedFuture(null)));
        continue;
      }
      DeadLetter letter = DeadLetter.fromSource(STAGE, event.violation(), text, fetchedAt);
      sent.add(
          new Sent(
              ts,
              text,
              false,
              publisher.send(Topics.DEADLETTER, device.id(), EventCodec.encode(letter))));
    }

    Instant horizon = fetchedAt.plus(Validator.MAX_FUTURE);
    Acks acks = new Acks(config.publishTimeout());
    Instant newCursor = since;
    int cursorIndex = -1;
    boolean prefixAcknowledged = true;
    int failures = 0;
    Throwable firstFailure = null;
    for (int i = 0; i < sent.size(); i++) {
      Sent s = sent.get(i);
      Throwable failure = acks.await(s.ack);
      if (failure != null) {
        stats.kafkaSendFailed();
        failures++;
        firstFailure = firstFailure == null ? failure : firstFailure;
        prefixAcknowledged = false;
        continue;
      }
      if (s.isDeadLetter()) {
        if (!s.alreadyDeadLettered) {
          stats.deadLetterAcknowledged();
        }
      } else {
        stats.published(feed);
      }
      if (prefixAcknowledged
          && s.ts != null
          && !s.ts.isAfter(horizon)
          && (newCursor == null || s.ts.isAfter(newCursor))) {
        newCursor = s.ts;
        cursorIndex = i;
      }
    }
    if (prefixAcknowledged) {
      Set<String> stillAhead = new HashSet<>();
      for (int i = cursorIndex + 1; i < sent.size(); i++) {
        if (sent.get(i).isDeadLetter()) {
          stillAhead.add(sent.get(i).deadLetterText);
        }
      }
      if (!stillAhead.isEmpty()) {
        Set<String> kept = deadLettersAhead(device.id(), feed);
        kept.clear();
        kept.addAll(stillAhead);
      } else if (!ahead.isEmpty()) {
        ahead.clear();
        forgetIfEmpty(device.id());
      }
    }
    return new PageResult(newCursor, failures, firstFailure);
  }

  /** The device's dead letters ahead of its cursor; an empty set (not stored) when none. */
  private Set<String> deadLettersAheadIfAny(String deviceId, Feed feed) {
    Map<Feed, Set<String>> byFeed = deadLettersAhead.get(deviceId);
    Set<String> set = byFeed == null ? null : byFeed.get(feed);
    return set == null ? new HashSet<>() : set;
  }

  private void forgetIfEmpty(String deviceId) {
    deadLettersAhead.computeIfPresent(
        deviceId, (id, byFeed) -> byFeed.values().stream().allMatch(Set::isEmpty) ? null : byFeed);
  }

  private Set<String> deadLettersAhead(String deviceId, Feed feed) {
    return deadLettersAhead
        .computeIfAbsent(deviceId, id -> new ConcurrentHashMap<>())
        .computeIfAbsent(feed, f -> ConcurrentHashMap.newKeySet());
  }
}
