package io.devicetrail.poller;

import io.devicetrail.poller.DevicePoller.FeedPoll;
import io.devicetrail.poller.cursor.CursorStore;
import io.devicetrail.poller.cursor.DeviceCursor;
import io.devicetrail.poller.publish.EventPublisher;
import io.devicetrail.poller.schedule.DeviceTable;
import io.devicetrail.poller.schedule.DeviceTable.Visit;
import io.devicetrail.poller.schedule.FeedResult;
import io.devicetrail.poller.shard.ShardAssignment;
import io.devicetrail.poller.vendor.VendorClient;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Polls the vendor API and publishes what it finds to Kafka (CONTRACT §1, §2).
 *
 * <p>The devices this replica owns (see {@link ShardAssignment}) come from the device list, read
 * every {@code deviceListInterval}. Each device is polled when its schedule says so ({@link
 * DeviceTable}: adaptive per device, or every {@code roundInterval}). Each device's cursors advance
 * only after Kafka acknowledged every record up to them, so a stop at any moment, or a failed send,
 * loses nothing; what was sent but not yet recorded is sent again (duplicates are allowed, gaps are
 * not).
 *
 * <pre>{@code
 * try (JournalCursorStore cursors = JournalCursorStore.open(stateDir);
 *     KafkaEventPublisher publisher = KafkaEventPublisher.create(bootstrap, new Properties());
 *     Poller poller = new Poller(PollerConfig.builder().build(),
 *         new HttpVendorClient(VendorApiConfig.builder(apiUrl).build(), token),
 *         publisher, cursors, Clock.systemUTC(), new ShardAssignment(0, 1))) {
 *   poller.run(); // until another thread calls poller.close()
 * }
 * }</pre>
 *
 * Three ways to drive it: {@link #run()} (the service: polls each device when it is due, until
 * closed), {@link #runDue()} (one pass over the devices due now; for tests on simulated time) and
 * {@link #runOnce()} (every device now, as the {@code --once} command does). The caller owns the
 * vendor client, publisher and cursor store and closes them after the poller.
 */
public final class Poller implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Poller.class);
  private static final Duration CLOSE_GRACE = Duration.ofSeconds(30);
  private static final long MAX_IDLE_WAIT_MS = 200;
  private static final Duration LIST_RETRY = Duration.ofMinutes(1);

  private final PollerConfig config;
  private final VendorClient vendor;
  private final CursorStore cursors;
  private final Clock clock;
  private final ShardAssignment shard;
  private final PollerStats stats = new PollerStats();
  private final DeviceTable table;
  private final DeviceDirectory directory;
  private final DevicePoller devicePoller;
  private final ExecutorService workers;
  private final ExecutorService lister;
  private final AtomicInteger generation = new AtomicInteger();
  private final AtomicBoolean listing = new AtomicBoolean();
  private final Object rounds = new Object();
  private volatile boolean closing;
  private volatile Instant lastListedAt;
  private volatile Instant lastListAttemptAt;
  private volatile long heartbeatMillis = System.currentTimeMillis();

  public Poller(
      PollerConfig config,
      VendorClient vendor,
      EventPublisher publisher,
      CursorStore cursors,
      Clock clock) {
    this(config, vendor, publisher, cursors, clock, ShardAssignment.single());
  }

  public Poller(
      PollerConfig config,
      VendorClient vendor,
      EventPublisher publisher,
      CursorStore cursors,
      Clock clock,
      ShardAssignment shard) {
    this.config = Objects.requireNonNull(config, "config cannot be null");
    this.vendor = Objects.requireNonNull(vendor, "vendor cannot be null");
    Objects.requireNonNull(publisher, "publisher cannot be null");
    this.cursors = Objects.requireNonNull(cursors, "cursors cannot be null");
    this.clock = Objects.requireNonNull(clock, "clock cannot be null");
    this.shard = Objects.requireNonNull(shard, "shard cannot be null");
    this.table = new DeviceTable(config.schedule());
    this.directory = new DeviceDirectory(vendor, publisher, clock, stats, config, table, shard);
    this.devicePoller =
        new DevicePoller(vendor, publisher, cursors, clock, stats, config, () -> closing);
    this.workers = Executors.newFixedThreadPool(config.concurrency(), threads("poller-worker"));
    this.lister = Executors.newSingleThreadExecutor(threads("poller-device-list"));
  }

  /** Counters since this poller was made; safe to read while it runs. */
  public PollerStats stats() {
    return stats;
  }

  /** The schedule: devices owned, due, learned rhythms. Safe to read while it runs. */
  public DeviceTable schedule() {
    return table;
  }

  public ShardAssignment shard() {
    return shard;
  }

  /** When the polling loop (or the last round) last showed it was alive, epoch ms, real time. */
  public long heartbeatMillis() {
    return heartbeatMillis;
  }

  /**
   * A full round: the device list if due, then every device now, both feeds. Returns when every
   * device of the round is done (or, after {@link #close()}, when the devices in flight are).
   */
  public RoundResult runOnce() throws InterruptedException {
    synchronized (rounds) {
      if (closing) {
        return new RoundResult(false, false, Map.of());
      }
      ListResult list = listIfDue();
      return pollAll(List.of(table.takeAll(clock.millis())), true, list);
    }
  }

  /**
   * One pass of the schedule: the device list if due, then every device due by the clock's now.
   * With a clock that a test moves, this is {@link #run()} one step at a time.
   */
  public RoundResult runDue() throws InterruptedException {
    synchronized (rounds) {
      if (closing) {
        return new RoundResult(false, false, Map.of());
      }
      ListResult list = listIfDue();
      long now = clock.millis();
      List<Visit> due = new ArrayList<>();
      for (Visit v = table.takeDue(now); v != null; v = table.takeDue(now)) {
        due.add(v);
      }
      return pollAll(due, false, list);
    }
  }

  /**
   * Polls each device when it is due, {@code concurrency} at a time, and reads the device list in
   * the background when it is due, until {@link #close()}.
   */
  public void run() throws InterruptedException {
    synchronized (rounds) {
      Semaphore free = new Semaphore(config.concurrency());
      LOG.info("polling devices of shard {} as they fall due", shard);
      while (!closing) {
        heartbeatMillis = System.currentTimeMillis();
        startListingIfDue();
        long pause = vendor.pauseMillis();
        if (pause > 0) {
          Thread.sleep(Math.min(pause, MAX_IDLE_WAIT_MS));
          continue;
        }
        if (!free.tryAcquire(MAX_IDLE_WAIT_MS, TimeUnit.MILLISECONDS)) {
          continue;
        }
        long now = clock.millis();
        Visit visit = table.takeDue(now);
        if (visit == null) {
          free.release();
          long next = table.nextDueMs();
          table.awaitChange(Math.max(1, Math.min(MAX_IDLE_WAIT_MS, next - now)));
          continue;
        }
        try {
          workers.execute(
              () -> {
                try {
                  visit(visit, false);
                } catch (InterruptedException e) {
                  Thread.currentThread().interrupt();
                } finally {
                  free.release();
                }
              });
        } catch (RejectedExecutionException closedMeanwhile) {
          free.release();
        }
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
    table.wakeUp();
    lister.shutdownNow();
    workers.shutdown();
    try {
      if (!workers.awaitTermination(CLOSE_GRACE.toSeconds(), TimeUnit.SECONDS)) {
        LOG.warn("device polls still running after {}; interrupting them", CLOSE_GRACE);
        workers.shutdownNow();
      }
      lister.awaitTermination(CLOSE_GRACE.toSeconds(), TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      workers.shutdownNow();
      Thread.currentThread().interrupt();
    }
  }

  private record ListResult(boolean fetched, boolean failed) {
    static final ListResult NOT_DUE = new ListResult(false, false);
  }

  private boolean listDue(Instant now) {
    return lastListedAt == null || !now.isBefore(lastListedAt.plus(config.deviceListInterval()));
  }

  private ListResult listIfDue() throws InterruptedException {
    if (!listDue(clock.instant())) {
      return ListResult.NOT_DUE;
    }
    boolean ok = refreshDevices(clock.instant());
    return new ListResult(ok, !ok);
  }

  private void startListingIfDue() {
    Instant now = clock.instant();
    // After a failed listing the loop tries again a minute later (a round tries every time).
    boolean failedRecently =
        lastListAttemptAt != null
            && lastListedAt != lastListAttemptAt
            && now.isBefore(lastListAttemptAt.plus(LIST_RETRY));
    if (!listDue(now) || failedRecently || !listing.compareAndSet(false, true)) {
      return;
    }
    try {
      lister.execute(
          () -> {
            try {
              refreshDevices(clock.instant());
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            } catch (RuntimeException e) {
              LOG.error("device list failed", e);
            } finally {
              listing.set(false);
            }
          });
    } catch (RejectedExecutionException closedMeanwhile) {
      listing.set(false);
    }
  }

  private boolean refreshDevices(Instant now) throws InterruptedException {
    lastListAttemptAt = now;
    int gen = generation.incrementAndGet();
    DeviceDirectory.Listing listing = directory.list(gen);
    if (listing.complete()) {
      // Only a complete list is authoritative about which devices exist.
      int removed = table.removeUnlisted(gen);
      if (removed > 0) {
        LOG.info("{} devices no longer in the device list", removed);
      }
    }
    stats.devicesKnown(table.size());
    if (!listing.complete()) {
      stats.deviceListFailed();
      LOG.warn(
          "device list incomplete ({}); polling {} known devices, listing again later",
          listing.failure(),
          table.size());
      return false;
    }
    if (!listing.acknowledged()) {
      stats.deviceListFailed();
      return false;
    }
    lastListedAt = now;
    lastListAttemptAt = now;
    LOG.info(
        "device list: {} devices{}",
        table.size(),
        shard.isSingle() ? "" : " owned by shard " + shard);
    return true;
  }

  private RoundResult pollAll(List<Visit> visits, boolean everything, ListResult list)
      throws InterruptedException {
    List<Future<PollOutcome>> polls = new ArrayList<>(visits.size());
    int submitted = 0;
    try {
      for (Visit v : visits) {
        polls.add(workers.submit(() -> visit(v, everything)));
        submitted++;
      }
    } catch (RejectedExecutionException closedMeanwhile) {
      // close() ran: put the devices not submitted back.
      for (Visit v : visits.subList(submitted, visits.size())) {
        table.finish(v, null, null, false, false, clock.millis());
      }
    }
    Map<PollOutcome, Integer> outcomes = new EnumMap<>(PollOutcome.class);
    for (Future<PollOutcome> poll : polls) {
      PollOutcome outcome = outcomeOf(poll);
      if (outcome != null) {
        outcomes.merge(outcome, 1, Integer::sum);
      }
    }
    stats.roundCompleted();
    heartbeatMillis = System.currentTimeMillis();
    RoundResult result = new RoundResult(list.fetched(), list.failed(), outcomes);
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

  /**
   * Polls the feeds the visit asks for and gives the device back to the schedule. Adaptive visits
   * read activity first: an event after the last known upload means the device woke, so its signal
   * is polled in the same visit.
   */
  private PollOutcome visit(Visit visit, boolean everything) throws InterruptedException {
    if (closing) {
      table.finish(visit, null, null, false, false, clock.millis());
      return null;
    }
    Device device = new Device(visit.deviceId(), visit.tenantId());
    FeedResult signal = null;
    FeedResult activity = null;
    PollOutcome outcome = PollOutcome.OK;
    try {
      DeviceCursor cursor = cursors.get(device.id());
      if (cursor.signalSince() != null) {
        table.resumeFrom(device.id(), cursor.signalSince().getEpochSecond());
      }
      boolean pollSignal = visit.signal();
      boolean pollActivity = visit.activity();
      boolean adaptive = config.adaptive() && !everything;
      if (adaptive && pollActivity) {
        FeedPoll a = devicePoller.poll(device, Feed.ACTIVITY);
        outcome = a.outcome();
        pollActivity = false;
        if (outcome == PollOutcome.OK) {
          activity = a.found();
          pollSignal |= table.wokeSinceLastUpload(visit, activity);
        }
      }
      if (outcome == PollOutcome.OK && pollSignal) {
        FeedPoll s = devicePoller.poll(device, Feed.SIGNAL);
        outcome = s.outcome();
        if (outcome == PollOutcome.OK) {
          signal = s.found();
          if (adaptive
              && activity == null
              && signal.foundData()
              && table.activityAlongWithUpload(visit, clock.millis())) {
            pollActivity = true;
          }
        }
      }
      if (outcome == PollOutcome.OK && pollActivity) {
        FeedPoll a = devicePoller.poll(device, Feed.ACTIVITY);
        outcome = a.outcome();
        if (outcome == PollOutcome.OK) {
          activity = a.found();
        }
      }
    } catch (RuntimeException e) {
      LOG.error("device {}: unexpected failure", device.id(), e);
      outcome = PollOutcome.ERROR;
    } finally {
      // Also on an interrupt (close): the device goes back to the schedule.
      table.finish(
          visit,
          signal,
          activity,
          outcome.isFailure(),
          outcome == PollOutcome.REMOVED,
          clock.millis());
    }
    stats.pollEnded(outcome);
    return outcome;
  }

  private PollOutcome outcomeOf(Future<PollOutcome> poll) throws InterruptedException {
    try {
      return poll.get();
    } catch (ExecutionException e) {
      // visit catches everything but an interrupt, which only close() causes.
      return null;
    }
  }

  private static ThreadFactory threads(String prefix) {
    AtomicInteger count = new AtomicInteger();
    return runnable -> {
      Thread thread = new Thread(runnable, prefix + "-" + count.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    };
  }
}
