package io.devicetrail.poller;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Counters of a poller since it started, safe to read from any thread while it runs (for progress
 * lines now, for Prometheus later). "Published" counts records that Kafka acknowledged; a record
 * sent again after a failure counts again.
 */
public final class PollerStats {
  private final AtomicLong rounds = new AtomicLong();
  private final AtomicLong devicesListed = new AtomicLong();
  private final AtomicLong devicesKnown = new AtomicLong();
  private final AtomicLong snapshotsPublished = new AtomicLong();
  private final AtomicLong pagesFetched = new AtomicLong();
  private final AtomicLong readingsPolled = new AtomicLong();
  private final AtomicLong activitiesPolled = new AtomicLong();
  private final AtomicLong readingsPublished = new AtomicLong();
  private final AtomicLong activitiesPublished = new AtomicLong();
  private final AtomicLong deadLettered = new AtomicLong();
  private final AtomicLong deviceListFailures = new AtomicLong();
  private final AtomicLong kafkaSendErrors = new AtomicLong();
  private volatile java.util.function.Consumer<java.time.Duration> cursorLagSink = lag -> {};
  private final Map<PollOutcome, AtomicLong> polls = new EnumMap<>(PollOutcome.class);

  public PollerStats() {
    for (PollOutcome outcome : PollOutcome.values()) {
      polls.put(outcome, new AtomicLong());
    }
  }

  /** Completed rounds. */
  public long rounds() {
    return rounds.get();
  }

  /** Device list entries received, over all listings. */
  public long devicesListed() {
    return devicesListed.get();
  }

  /** Devices the poller currently knows (polled or removed), after the last listing. */
  public long devicesKnown() {
    return devicesKnown.get();
  }

  public long snapshotsPublished() {
    return snapshotsPublished.get();
  }

  /** Signal and activity pages received from the vendor (one request each, retries aside). */
  public long pagesFetched() {
    return pagesFetched.get();
  }

  /** Signal readings received from the vendor, valid or not. */
  public long readingsPolled() {
    return readingsPolled.get();
  }

  /** Activity events received from the vendor, valid or not. */
  public long activitiesPolled() {
    return activitiesPolled.get();
  }

  public long readingsPublished() {
    return readingsPublished.get();
  }

  public long activitiesPublished() {
    return activitiesPublished.get();
  }

  /** Vendor records and device entries sent to the dead letter topic and acknowledged. */
  public long deadLettered() {
    return deadLettered.get();
  }

  public long deviceListFailures() {
    return deviceListFailures.get();
  }

  /** Records (of any topic) that Kafka refused or did not acknowledge in time. */
  public long kafkaSendErrors() {
    return kafkaSendErrors.get();
  }

  /** Device polls that ended in {@code outcome}. */
  public long polls(PollOutcome outcome) {
    return polls.get(outcome).get();
  }

  /** Device polls that failed for any reason (fetch, publish, store, bug). */
  public long pollFailures() {
    long failures = 0;
    for (Map.Entry<PollOutcome, AtomicLong> e : polls.entrySet()) {
      if (e.getKey().isFailure()) {
        failures += e.getValue().get();
      }
    }
    return failures;
  }

  /** One line for an operator. */
  public String summary() {
    return String.format(
        "rounds=%d devices=%d readings polled=%d published=%d activities polled=%d published=%d"
            + " snapshots=%d dead-lettered=%d poll failures=%d removed=%d list failures=%d",
        rounds(),
        devicesKnown(),
        readingsPolled(),
        readingsPublished(),
        activitiesPolled(),
        activitiesPublished(),
        snapshotsPublished(),
        deadLettered(),
        pollFailures(),
        polls(PollOutcome.REMOVED),
        deviceListFailures());
  }

  @Override
  public String toString() {
    return "PollerStats[" + summary() + "]";
  }

  void roundCompleted() {
    rounds.incrementAndGet();
  }

  void devicesListed(int count) {
    devicesListed.addAndGet(count);
  }

  void devicesKnown(int count) {
    devicesKnown.set(count);
  }

  void snapshotPublished() {
    snapshotsPublished.incrementAndGet();
  }

  void deviceListFailed() {
    deviceListFailures.incrementAndGet();
  }

  void polled(Feed feed, int count) {
    pagesFetched.incrementAndGet();
    (feed == Feed.SIGNAL ? readingsPolled : activitiesPolled).addAndGet(count);
  }

  void published(Feed feed) {
    (feed == Feed.SIGNAL ? readingsPublished : activitiesPublished).incrementAndGet();
  }

  void deadLetterAcknowledged() {
    deadLettered.incrementAndGet();
  }

  void kafkaSendFailed() {
    kafkaSendErrors.incrementAndGet();
  }

  /** Where cursor lags go (a metrics distribution); they are not kept here. */
  public void onCursorLag(java.util.function.Consumer<java.time.Duration> sink) {
    this.cursorLagSink = sink;
  }

  void cursorLag(java.time.Duration lag) {
    cursorLagSink.accept(lag);
  }

  void pollEnded(PollOutcome outcome) {
    polls.get(outcome).incrementAndGet();
  }
}
