package io.devicetrail.poller.vendor;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Request metrics of the vendor client: {@code devicetrail_poller_api_request_seconds} (a timer
 * with a histogram, by endpoint and outcome: the HTTP status, {@code timeout}, {@code io_error} or
 * {@code malformed}), retries, and the circuit breaker's state (1 = open).
 */
final class ApiMetrics {
  private final MeterRegistry registry;
  private final Map<String, Timer> timers = new ConcurrentHashMap<>();

  ApiMetrics(MeterRegistry registry, HttpVendorClient client) {
    this.registry = registry;
    FunctionCounter.builder("devicetrail.poller.api.retries", client, HttpVendorClient::retries)
        .description("vendor API requests repeated after a transient fault")
        .register(registry);
    Gauge.builder(
            "devicetrail.poller.api.circuit.open",
            client,
            c -> "CLOSED".equals(c.breakerState()) ? 0 : 1)
        .description("1 while the circuit breaker keeps requests from the vendor API")
        .register(registry);
  }

  void record(String endpoint, String outcome, long nanos) {
    timers
        .computeIfAbsent(
            endpoint + " " + outcome,
            k ->
                Timer.builder("devicetrail.poller.api.request")
                    .description("vendor API requests by endpoint and outcome")
                    .tag("endpoint", endpoint)
                    .tag("outcome", outcome)
                    .publishPercentileHistogram()
                    .minimumExpectedValue(Duration.ofMillis(1))
                    .maximumExpectedValue(Duration.ofSeconds(60))
                    .register(registry))
        .record(nanos, TimeUnit.NANOSECONDS);
  }
}
