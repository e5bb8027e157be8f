package io.devicetrail.poller.metrics;

import io.devicetrail.poller.PollOutcome;
import io.devicetrail.poller.Poller;
import io.devicetrail.poller.PollerStats;
import io.devicetrail.poller.schedule.DeviceTable;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;

/**
 * The poller's meters (Prometheus names after the registry's naming convention, e.g. {@code
 * devicetrail_poller_polls_total{outcome="OK"}}): polls by outcome, records published, dead
 * letters, Kafka send errors, cursor lag per device poll as a distribution, and the schedule's
 * devices (owned, due, overdue, in flight, paused). The counters read {@link PollerStats}, so the
 * log lines and the metrics never disagree.
 */
public final class PollerMetrics {
  private PollerMetrics() {}

  /**
   * Binds {@code poller}'s meters to {@code registry}; a device is overdue once it has waited
   * {@code overdueAfter} past its due time.
   */
  public static void bind(
      MeterRegistry registry, Poller poller, Clock clock, Duration overdueAfter) {
    PollerStats stats = poller.stats();
    for (PollOutcome outcome : PollOutcome.values()) {
      FunctionCounter.builder("devicetrail.poller.polls", stats, s -> s.polls(outcome))
          .description("device polls by outcome")
          .tag("outcome", outcome.name())
          .register(registry);
    }
    counter(
        registry,
        "devicetrail.poller.readings.published",
        stats,
        PollerStats::readingsPublished,
        "signal readings acknowledged by Kafka");
    counter(
        registry,
        "devicetrail.poller.activities.published",
        stats,
        PollerStats::activitiesPublished,
        "activity events acknowledged by Kafka");
    counter(
        registry,
        "devicetrail.poller.snapshots.published",
        stats,
        PollerStats::snapshotsPublished,
        "device snapshots acknowledged by Kafka");
    counter(
        registry,
        "devicetrail.poller.dead.letters",
        stats,
        PollerStats::deadLettered,
        "records sent to the dead letter topic and acknowledged");
    counter(
        registry,
        "devicetrail.poller.kafka.send.errors",
        stats,
        PollerStats::kafkaSendErrors,
        "records Kafka refused or did not acknowledge in time");
    counter(
        registry,
        "devicetrail.poller.pages",
        stats,
        PollerStats::pagesFetched,
        "signal and activity pages fetched");
    counter(
        registry,
        "devicetrail.poller.device.list.failures",
        stats,
        PollerStats::deviceListFailures,
        "device listings that failed");
    DistributionSummary lag =
        DistributionSummary.builder("devicetrail.poller.cursor.lag")
            .description("per device poll: seconds from the signal cursor to now")
            .baseUnit("seconds")
            .serviceLevelObjectives(
                300, 900, 1800, 3600, 3 * 3600, 6 * 3600, 12 * 3600, 86_400, 3 * 86_400, 7 * 86_400)
            .register(registry);
    statsCursorLag(stats, lag);
    DeviceTable table = poller.schedule();
    gauge(registry, "owned", table, t -> t.size());
    gauge(registry, "due", table, t -> t.countDueBy(clock.millis()));
    gauge(registry, "overdue", table, t -> t.countDueBy(clock.millis() - overdueAfter.toMillis()));
    gauge(registry, "in_flight", table, DeviceTable::inFlight);
    gauge(registry, "paused", table, DeviceTable::paused);
  }

  private static void statsCursorLag(PollerStats stats, DistributionSummary lag) {
    stats.onCursorLag(d -> lag.record(Math.max(0, d.toSeconds())));
  }

  private static void counter(
      MeterRegistry registry,
      String name,
      PollerStats stats,
      java.util.function.ToDoubleFunction<PollerStats> f,
      String description) {
    FunctionCounter.builder(name, stats, f).description(description).register(registry);
  }

  private static void gauge(
      MeterRegistry registry,
      String state,
      DeviceTable table,
      java.util.function.ToDoubleFunction<DeviceTable> f) {
    Gauge.builder("devicetrail.poller.devices", table, f)
        .description("devices of this replica by schedule state")
        .tag("state", state)
        .register(registry);
  }
}
