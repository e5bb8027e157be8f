package io.devicetrail.poller.vendor;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.resilience4j.core.IntervalFunction;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The vendor API over {@link HttpClient}, with bearer authentication and resilience4j retries.
 *
 * <p>What is retried (see {@link VendorApiConfig} for how long): 429 (waiting what {@code
 * Retry-After} says, and pausing every request of this client meanwhile), 408, 5xx, timeouts,
 * connection errors, and bodies that are not the expected JSON (truncated or malformed). A 404 for
 * a device is final ({@link DeviceNotFoundException}); any other status is final too. Thread-safe.
 */
public final class HttpVendorClient implements VendorClient {
  private static final Logger LOG = LoggerFactory.getLogger(HttpVendorClient.class);

  private final VendorApiConfig config;
  private final ApiToken token;
  private final String base;
  private final HttpClient http;
  private final Retry retry;
  private final RateLimitGate rateLimitGate = new RateLimitGate();
  private final AtomicLong retries = new AtomicLong();
  private final CallGuards guards;
  private final ApiMetrics metrics;

  public HttpVendorClient(VendorApiConfig config, ApiToken token) {
    // A registry of its own that keeps nothing: no metrics wanted, and no clash between clients.
    this(config, token, new CompositeMeterRegistry());
  }

  /** As {@link #HttpVendorClient(VendorApiConfig, ApiToken)}, with request metrics. */
  public HttpVendorClient(VendorApiConfig config, ApiToken token, MeterRegistry registry) {
    this.config = Objects.requireNonNull(config, "config cannot be null");
    this.guards = new CallGuards(config);
    this.metrics = new ApiMetrics(registry, this);
    this.token = Objects.requireNonNull(token, "token cannot be null");
    this.base = config.baseUri().toString().replaceAll("/+$", "");
    this.http =
        HttpClient.newBuilder()
            .connectTimeout(config.connectTimeout())
            .followRedirects(HttpClient.Redirect.NORMAL)
            .build();
    this.retry = Retry.of("vendor-api", retryConfig(config));
    retry
        .getEventPublisher()
        .onRetry(
            event -> {
              retries.incrementAndGet();
              LOG.debug(
                  "vendor API attempt {} failed ({}), retrying in {} ms",
                  event.getNumberOfRetryAttempts(),
                  describe(event.getLastThrowable()),
                  event.getWaitInterval().toMillis());
            });
  }

  private static RetryConfig retryConfig(VendorApiConfig config) {
    IntervalFunction backoff =
        IntervalFunction.ofExponentialRandomBackoff(
            config.initialBackoff(), 2.0, 0.5, config.maxBackoff());
    return RetryConfig.custom()
        .maxAttempts(config.maxAttempts())
        .retryOnException(e -> isRetryable(e, config))
        .intervalBiFunction(
            (attempt, outcome) -> {
              if (outcome.isLeft()
                  && outcome.getLeft() instanceof TransientFault fault
                  && fault.retryAfter() != null) {
                return fault.retryAfter().toMillis();
              }
              return backoff.apply(attempt);
            })
        .writableStackTraceEnabled(false)
        .build();
  }

  private static boolean isRetryable(Throwable e, VendorApiConfig config) {
    if (e instanceof TransientFault fault) {
      // A server that wants a longer pause than we are willing to hold a thread for: give up now,
      // the device is polled again next round.
      return fault.retryAfter() == null
          || fault.retryAfter().compareTo(config.maxRetryAfter()) <= 0;
    }
    return e instanceof IOException;
  }

  /** "CLOSED", "OPEN", "HALF_OPEN", …: the circuit breaker's state. */
  public String breakerState() {
    return guards.breakerState().name();
  }

  /** How many retries this client has made so far (for metrics). */
  public long retries() {
    return retries.get();
  }

  @Override
  public DevicePage listDevices(String cursor, int limit)
      throws VendorException, InterruptedException {
    String query = "limit=" + limit + (cursor == null ? "" : "&cursor=" + UriText.query(cursor));
    return get(
        "/v1/devices?" + query,
        null,
        "devices",
        body -> {
          List<VendorRecord> devices = list(body, "devices");
          JsonNode next = body.fields().get("next_cursor");
          if (next != null && !next.isNull() && !next.isTextual()) {
            throw ResponseBody.malformed("next_cursor is not a string or null");
          }
          return new DevicePage(devices, next == null || next.isNull() ? null : next.textValue());
        });
  }

  @Override
  public RecordPage signal(String deviceId, Instant since, int limit)
      throws VendorException, InterruptedException {
    return records(deviceId, "signal", "readings", since, limit);
  }

  @Override
  public RecordPage activity(String deviceId, Instant since, int limit)
      throws VendorException, InterruptedException {
    return records(deviceId, "activity", "events", since, limit);
  }

  private RecordPage records(
      String deviceId, String feed, String listField, Instant since, int limit)
      throws VendorException, InterruptedException {
    String path =
        "/v1/devices/"
            + UriText.pathSegment(deviceId)
            + "/"
            + feed
            + "?limit="
            + limit
            + (since == null ? "" : "&since=" + UriText.query(since.toString()));
    return get(
        path,
        deviceId,
        listField,
        body -> {
          JsonNode id = body.fields().get("device_id");
          if (id != null && id.isTextual() && !id.textValue().equals(deviceId)) {
            throw ResponseBody.malformed("answer is for device " + id.textValue());
          }
          List<VendorRecord> records = list(body, listField);
          JsonNode hasMore = body.fields().get("has_more");
          if (hasMore == null || !hasMore.isBoolean()) {
            throw ResponseBody.malformed("has_more is not a boolean");
          }
          return new RecordPage(records, hasMore.booleanValue());
        });
  }

  private interface BodyReader<T> {
    T read(ResponseBody.Parsed body) throws TransientFault;
  }

  /** One GET with retries; {@code deviceId} is null for calls that are not about one device. */
  private <T> T get(String pathAndQuery, String deviceId, String listField, BodyReader<T> reader)
      throws VendorException, InterruptedException {
    URI uri = URI.create(base + pathAndQuery);
    try {
      return retry.executeCheckedSupplier(() -> attempt(uri, deviceId, listField, reader));
    } catch (VendorException e) {
      throw e;
    } catch (InterruptedException e) {
      throw e;
    } catch (Throwable e) {
      if (Thread.interrupted()) {
        // resilience4j re-interrupts and rethrows the last failure when its wait is interrupted.
        throw new InterruptedException("interrupted while retrying GET " + uri.getPath());
      }
      if (e instanceof RuntimeException runtime) {
        throw runtime;
      }
      if (e instanceof Error error) {
        throw error;
      }
      throw new VendorException("GET " + pathAndQuery + " failed after retries: " + describe(e), e);
    }
  }

  private <T> T attempt(URI uri, String deviceId, String listField, BodyReader<T> reader)
      throws IOException, InterruptedException, VendorException, TransientFault {
    rateLimitGate.awaitOpen();
    guards.acquire();
    HttpRequest request =
        HttpRequest.newBuilder(uri)
            .timeout(config.requestTimeout())
            .header("Authorization", token.authorizationHeader())
            .header("Accept", "application/json")
            .GET()
            .build();
    long started = System.nanoTime();
    String outcome = "error";
    boolean apiFailure = false;
    Throwable failure = null;
    try {
      HttpResponse<byte[]> response;
      try {
        response = send(request);
      } catch (HttpTimeoutException e) {
        outcome = "timeout";
        apiFailure = true;
        failure = e;
        throw e;
      } catch (IOException e) {
        outcome = "io_error";
        apiFailure = true;
        failure = e;
        throw e;
      }
      int status = response.statusCode();
      outcome = Integer.toString(status);
      if (status >= 200 && status < 300) {
        try {
          return reader.read(ResponseBody.parse(response.body(), listField));
        } catch (TransientFault malformed) {
          outcome = "malformed";
          throw malformed;
        }
      }
      if (status == 404 && deviceId != null) {
        throw new DeviceNotFoundException(deviceId);
      }
      if (status == 429 || status == 503) {
        Duration retryAfter =
            RetryAfter.parse(
                    response.headers().firstValue("Retry-After").orElse(null), Instant.now())
                .orElse(null);
        if (status == 429 && retryAfter != null) {
          rateLimitGate.closeFor(retryAfter);
        }
        apiFailure = status == 503;
        throw new TransientFault("HTTP " + status, retryAfter);
      }
      if (status == 408 || status >= 500) {
        apiFailure = true;
        throw new TransientFault("HTTP " + status, null);
      }
      throw new VendorException(
          "HTTP "
              + status
              + " from GET "
              + uri.getPath()
              + (status == 401 || status == 403 ? " (check the API token)" : "")
              + ": "
              + snippet(response.body()));
    } finally {
      guards.done(started, apiFailure, failure);
      metrics.record(endpointOf(deviceId, listField), outcome, System.nanoTime() - started);
    }
  }

  private static String endpointOf(String deviceId, String listField) {
    if (deviceId == null) {
      return "devices";
    }
    return listField.equals("readings") ? "signal" : "activity";
  }

  @Override
  public long pauseMillis() {
    return Math.max(guards.pauseMillis(), rateLimitGate.remainingMillis());
  }

  /**
   * Sends with a deadline for the whole exchange. {@link HttpRequest#timeout} alone only covers the
   * wait for the response headers (JDK 17): a server that stalls in the middle of the body would
   * hold the worker forever.
   */
  private HttpResponse<byte[]> send(HttpRequest request) throws IOException, InterruptedException {
    CompletableFuture<HttpResponse<byte[]>> exchange =
        http.sendAsync(request, HttpResponse.BodyHandlers.ofByteArray());
    try {
      return exchange.get(config.requestTimeout().toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      exchange.cancel(true);
      throw new HttpTimeoutException("no complete answer within " + config.requestTimeout());
    } catch (InterruptedException e) {
      exchange.cancel(true);
      throw e;
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof IOException io) {
        throw io;
      }
      throw new IOException(cause == null ? e.toString() : cause.toString(), cause);
    }
  }

  private static List<VendorRecord> list(ResponseBody.Parsed body, String field)
      throws TransientFault {
    if (body.list() == null) {
      throw ResponseBody.malformed(field + " is not an array");
    }
    return body.list();
  }

  private static String describe(Throwable e) {
    if (e == null) {
      return "unknown";
    }
    String message = e.getMessage();
    return message == null ? e.getClass().getSimpleName() : message;
  }

  private static String snippet(byte[] body) {
    String text = new String(body, StandardCharsets.UTF_8).strip();
    return text.length() <= 200 ? text : text.substring(0, 200) + "…";
  }
}
