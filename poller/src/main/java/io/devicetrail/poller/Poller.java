package io.devicetrail.poller;

import io.devicetrail.poller.cursor.CursorStore;
import io.devicetrail.poller.publish.EventPublisher;
import io.devicetrail.poller.vendor.VendorClient;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Polls the vendor API in rounds and publishes what it finds to Kafka (CONTRACT §1, §2).
 *
 * <p>A round fetches the device list when it is due (publishing device snapshots), then polls every
 * known device, {@code concurrency} at a time. Each device's cursors advance only after Kafka
 * acknowledged every record up to them, so a stop at any moment, or a failed send, loses nothing;
 * what was sent but not yet recorded is sent again (duplicates are allowed, gaps are not).
 *
 * <pre>{@code
 * try (FileCursorStore cursors = FileCursorStore.open(stateDir);
 *     KafkaEventPublisher publisher = KafkaEventPublisher.create(bootstrap, new Properties());
 *     Poller poller = new Poller(PollerConfig.builder().build(),
 *         new HttpVendorClient(VendorApiConfig.builder(apiUrl).build(), token),
 *         publisher, cursors, Clock.systemUTC())) {
 *   poller.run(); // until another thread calls poller.close()
 * }
 * }</pre>
 *
 * The caller owns the vendor client, publisher and cursor store and closes them after the poller.
 */
public final class Poller implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Poller.class);
  private static final Duration CLOSE_GRACE = Duration.ofSeconds(30);

  private final PollerConfig config;
  private final Clock clock;
  private final PollerStats stats = new PollerStats();
  private final DeviceDirectory directory;
  private final DevicePoller devicePoller;
  private final ExecutorService workers;
  private final Map<String, DeviceSchedule> schedules = new ConcurrentHashMap<>();
  private final CountDownLatch closed = new CountDownLatch(1);
  private volatile boolean closing;
  private Instant lastListedAt;

  public Poller(
      PollerConfig config,
      VendorClient vendor,
      EventPublisher publisher,
      CursorStore cursors,
      Clock clock) {
    this.config = Objects.requireNonNull(config, "config cannot be null");
    Objects.requireNonNull(vendor, "vendor cannot be null");
    Objects.requireNonNull(publisher, "publisher cannot be null");
    Objects.requireNonNull(cursors, "cursors cannot be null");
    this.clock = Objects.requireNonNull(clock, "clock cannot be null");
    this.directory = new DeviceDirectory(vendor, publisher, clock, stats, config);
    this.devicePoller =
        new DevicePoller(vendor, publisher, cursors, clock, stats, config, () -> closing);
    this.workers = Executors.newFixedThreadPool(config.concurrency(), workerThreads());
  }

  /** Counters since this poller was made; safe to read while it runs. */
  public PollerStats stats() {
    return stats;
  }

  /**
   * One full round: the device list if due, then every device that is due. Returns when every
   * device of the round is done (or, after {@link #close()}, when the devices in flight are).
   */
  public synchronized RoundResult runOnce() throws InterruptedException {
    if (closing) {
      return new RoundResult(false, false, Map.of());
    }
    Instant now = clock.instant();
    boolean listFetched = false;
    boolean listFailed = false;
    if (lastListedAt == null || !now.isBefore(lastListedAt.plus(config.deviceListInterval()))) {
      listFetched = refreshDevices(now);
      listFailed = !listFetched;
    }

    List<DeviceSchedule> due = new ArrayList<>();
    for (DeviceSchedule schedule : schedules.values()) {
      if (schedule.isDue(now)) {
        due.add(schedule);
      }
    }
    List<Future<PollOutcome>> polls = new ArrayList<>(due.size());
    try {
      for (DeviceSchedule schedule : due) {
        polls.add(workers.submit(() -> pollDevice(schedule)));
      }
    } catch (RejectedExecutionException closedMeanwhile) {
      // close() ran: the devices not submitted are polled by the next poller.
    }
    Map<PollOutcome, Integer> outcomes = new EnumMap<>(PollOutcome.class);
    for (Future<PollOutcome> poll : polls) {
      PollOutcome outcome = outcomeOf(poll);
      if (outcome != null) {
        outcomes.merge(outcome, 1, Integer::sum);
      }
    }
    stats.roundCompleted();
    RoundResult result = new RoundResult(listFetched, listFailed, outcomes);
    LOG.info(
        "round {}: polled {} devices {}; totals: readings {} activities {} dead letters {}",
        stats.rounds(),
        result.devicesPolled(),
        outcomes,
        stats.readingsPublished(),
        stats.activitiesPublished(),
        stats.deadLettered());
    return result;
  }

  /** Runs rounds every {@code roundInterval} until {@link #close()}. */
  public void run() throws InterruptedException {
    while (!closing) {
      long started = System.nanoTime();
      runOnce();
      long waitNanos = config.roundInterval().toNanos() - (System.nanoTime() - started);
      if (waitNanos > 0) {
        closed.await(waitNanos, TimeUnit.NANOSECONDS);
      }
    }
  }

  /**
   * Stops: no new device poll starts, the ones in flight finish their current page (so their
   * cursors are saved), then the workers end. Safe to call from any thread, more than once.
   */
  @Override
  public void close() {
    closing = true;
    closed.countDown();
    workers.shutdown();
    try {
      if (!workers.awaitTermination(CLOSE_GRACE.toSeconds(), TimeUnit.SECONDS)) {
        LOG.warn("device polls still running after {}; interrupting them", CLOSE_GRACE);
        workers.shutdownNow();
      }
    } catch (InterruptedException e) {
      workers.shutdownNow();
      Thread.currentThread().interrupt();
    }
  }

  private boolean refreshDevices(Instant now) throws InterruptedException {
    DeviceDirectory.Listing listing = directory.list();
    Set<String> listed = new HashSet<>();
    for (Device device : listing.devices()) {
      listed.add(device.id());
      schedules.compute(
          device.id(),
          (id, schedule) -> {
            if (schedule == null) {
              return new DeviceSchedule(device);
            }
            schedule.listed(device);
            return schedule;
          });
    }
    if (listing.complete()) {
      // Only a complete list is authoritative about which devices exist.
      int before = schedules.size();
      schedules.keySet().removeIf(id -> !listed.contains(id) && forget(id));
      if (schedules.size() < before) {
        LOG.info("{} devices no longer in the device list", before - schedules.size());
      }
    }
    stats.devicesKnown(schedules.size());
    if (!listing.complete()) {
      stats.deviceListFailed();
      LOG.warn(
          "device list incomplete ({}); polling {} known devices, listing again next round",
          listing.failure(),
          schedules.size());
      return false;
    }
    if (!listing.acknowledged()) {
      stats.deviceListFailed();
      return false;
    }
    lastListedAt = now;
    LOG.info("device list: {} devices", schedules.size());
    return true;
  }

  private boolean forget(String deviceId) {
    devicePoller.forget(deviceId);
    return true;
  }

  private PollOutcome pollDevice(DeviceSchedule schedule) throws InterruptedException {
    if (closing) {
      return null;
    }
    PollOutcome outcome;
    try {
      outcome = devicePoller.poll(schedule.device());
    } catch (RuntimeException e) {
      LOG.error("device {}: unexpected failure", schedule.device().id(), e);
      outcome = PollOutcome.ERROR;
    }
    schedule.polled(outcome, clock.instant());
    stats.pollEnded(outcome);
    return outcome;
  }

  private PollOutcome outcomeOf(Future<PollOutcome> poll) throws InterruptedException {
    try {
      return poll.get();
    } catch (ExecutionException e) {
      // pollDevice catches everything but an interrupt, which only close() causes.
      return null;
    }
  }

  private static ThreadFactory workerThreads() {
    AtomicInteger count = new AtomicInteger();
    return runnable -> {
      Thread thread = new Thread(runnable, "poller-worker-" + count.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    };
  }
}
