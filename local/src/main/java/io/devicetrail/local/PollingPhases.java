package io.devicetrail.local;

import io.devicetrail.poller.Poller;
import io.devicetrail.poller.PollerConfig;
import io.devicetrail.poller.PollerStats;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The local run's poller, in two phases over one cursor store. While the simulated history replays
 * (device time runs many times faster than the wall clock), fixed rounds: an adaptive schedule
 * learned in device time would ask for a poll of every device every few real milliseconds. Once
 * device time has caught up with the wall clock, the adaptive schedule, as in production. Without a
 * replay (a real vendor API) only the second phase runs.
 */
final class PollingPhases implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(PollingPhases.class);
  private static final Duration CATCH_UP_CHECK = Duration.ofMillis(500);

  private final Function<PollerConfig, Poller> pollers;
  private final PollerConfig replay;
  private final PollerConfig live;
  private final BooleanSupplier caughtUp;
  private final Consumer<String> console;
  private final List<PollerStats> stats = new CopyOnWriteArrayList<>();
  private final Thread thread;
  private Poller current;
  private boolean closing;

  /**
   * @param pollers builds a poller over the run's cursor store and clock
   * @param replay the replay phase's configuration, or null for none
   * @param live the configuration once device time runs at the wall clock's pace
   * @param caughtUp whether device time has reached the wall clock
   * @param console where the switch is announced
   */
  PollingPhases(
      Function<PollerConfig, Poller> pollers,
      PollerConfig replay,
      PollerConfig live,
      BooleanSupplier caughtUp,
      Consumer<String> console) {
    this.pollers = Objects.requireNonNull(pollers, "pollers cannot be null");
    this.replay = replay;
    this.live = Objects.requireNonNull(live, "live cannot be null");
    this.caughtUp = Objects.requireNonNull(caughtUp, "caughtUp cannot be null");
    this.console = Objects.requireNonNull(console, "console cannot be null");
    this.thread = new Thread(this::runPhases, "poller");
    thread.setDaemon(true);
  }

  void start() {
    thread.start();
  }

  /** The counters of every poller this run has started, the current one last. */
  List<PollerStats> stats() {
    return List.copyOf(stats);
  }

  private void runPhases() {
    try {
      if (replay != null && !caughtUp.getAsBoolean()) {
        Poller fixed = begin(replay);
        if (fixed == null) {
          return;
        }
        Thread rounds = new Thread(() -> run(fixed), "poller-replay");
        rounds.setDaemon(true);
        rounds.start();
        while (!caughtUp.getAsBoolean() && !isClosing()) {
          Thread.sleep(CATCH_UP_CHECK.toMillis());
        }
        fixed.close();
        rounds.join();
        if (isClosing()) {
          return;
        }
        console.accept(
            "devicetrail: device time has caught up with the wall clock; the poller follows each"
                + " device's learned schedule from now on");
      }
      Poller adaptive = begin(live);
      if (adaptive != null) {
        adaptive.run();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (RuntimeException e) {
      LOG.error("the poller stopped", e);
      console.accept("devicetrail: the poller stopped: " + e.getMessage());
    }
  }

  private static void run(Poller poller) {
    try {
      poller.run();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private synchronized Poller begin(PollerConfig config) {
    if (closing) {
      return null;
    }
    current = pollers.apply(config);
    stats.add(current.stats());
    return current;
  }

  private synchronized boolean isClosing() {
    return closing;
  }

  @Override
  public void close() throws InterruptedException {
    Poller poller;
    synchronized (this) {
      closing = true;
      poller = current;
    }
    if (poller != null) {
      poller.close();
    }
    thread.interrupt();
    thread.join(Duration.ofSeconds(30).toMillis());
  }
}
