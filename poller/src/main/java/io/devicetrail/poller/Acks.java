package io.devicetrail.poller;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Waiting for Kafka acknowledgements against one deadline for a whole page. */
final class Acks {
  private final long deadlineNanos;

  Acks(java.time.Duration timeout) {
    this.deadlineNanos = System.nanoTime() + timeout.toNanos();
  }

  /** Null once {@code ack} completed normally; else why it did not (failure or timeout). */
  Throwable await(CompletableFuture<Void> ack) throws InterruptedException {
    try {
      ack.get(Math.max(0, deadlineNanos - System.nanoTime()), TimeUnit.NANOSECONDS);
      return null;
    } catch (ExecutionException e) {
      return e.getCause() == null ? e : e.getCause();
    } catch (TimeoutException e) {
      return new TimeoutException("no acknowledgement in time");
    }
  }

  static String describe(Throwable failure) {
    String message = failure.getMessage();
    return failure.getClass().getSimpleName() + (message == null ? "" : ": " + message);
  }
}
