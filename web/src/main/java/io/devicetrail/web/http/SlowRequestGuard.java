package io.devicetrail.web.http;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.util.component.AbstractLifeCycle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Drops a connection whose request trickles in (slowloris): the idle timeout alone never fires
 * while a client sends a byte a second. Every fifth of {@code timeout} it looks at each open
 * connection; one that received bytes without completing a request for longer than {@code timeout}
 * is closed. A connection waiting for its answer, or idle between requests, is left alone (the idle
 * timeout handles the latter).
 */
public final class SlowRequestGuard extends AbstractLifeCycle implements Connection.Listener {

  private static final Logger LOG = LoggerFactory.getLogger(SlowRequestGuard.class);

  private static final class Watch {
    long messages;
    long bytes;
    long partialSinceNanos = -1;
  }

  private final long timeoutNanos;
  private final Map<Connection, Watch> open = new ConcurrentHashMap<>();
  private ScheduledExecutorService sweeper;

  public SlowRequestGuard(Duration timeout) {
    this.timeoutNanos = timeout.toNanos();
  }

  @Override
  protected void doStart() {
    sweeper =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "web-slow-request-guard");
              t.setDaemon(true);
              return t;
            });
    long period = Math.max(1, timeoutNanos / 5);
    sweeper.scheduleAtFixedRate(this::sweep, period, period, TimeUnit.NANOSECONDS);
  }

  @Override
  protected void doStop() {
    sweeper.shutdownNow();
    open.clear();
  }

  @Override
  public void onOpened(Connection connection) {
    open.put(connection, new Watch());
  }

  @Override
  public void onClosed(Connection connection) {
    open.remove(connection);
  }

  private void sweep() {
    long now = System.nanoTime();
    for (Map.Entry<Connection, Watch> e : open.entrySet()) {
      Connection c = e.getKey();
      Watch w = e.getValue();
      long messages = c.getMessagesIn();
      long bytes = c.getBytesIn();
      if (messages > w.messages) {
        w.partialSinceNanos = -1; // a request completed
      } else if (bytes > w.bytes && w.partialSinceNanos < 0) {
        w.partialSinceNanos = now; // bytes of a request that is not complete yet
      }
      w.messages = messages;
      w.bytes = bytes;
      if (w.partialSinceNanos >= 0 && now - w.partialSinceNanos >= timeoutNanos) {
        LOG.info(
            "dropped a connection from {}: its request took longer than {} ms to arrive",
            c.getEndPoint().getRemoteSocketAddress(),
            timeoutNanos / 1_000_000);
        open.remove(c);
        c.getEndPoint().close();
      }
    }
  }
}
