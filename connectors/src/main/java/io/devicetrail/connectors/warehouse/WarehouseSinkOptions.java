package io.devicetrail.connectors.warehouse;

import java.io.Serializable;
import java.time.Duration;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;
import org.apache.flink.configuration.ReadableConfig;

/**
 * How the warehouse sinks batch their writes. Immutable and serializable; made with {@link
 * #builder()}, {@link #defaults()} or {@link #fromConfiguration(ReadableConfig)}.
 *
 * <p>A batch is written, as one transaction, when it holds {@link #BATCH_SIZE} rows, when its first
 * row has waited {@link #BATCH_INTERVAL}, and before every checkpoint (so a checkpoint completes
 * only once everything before it is committed: at least once). Redshift favours few large
 * transactions (each commit costs the leader node, and writers of one table take turns), so the
 * defaults lean to large batches; the stand-in is fine with them too.
 */
public final class WarehouseSinkOptions implements Serializable {

  private static final long serialVersionUID = 1L;

  public static final ConfigOption<Integer> BATCH_SIZE =
      ConfigOptions.key("warehouse.sink.batch-size")
          .intType()
          .defaultValue(10_000)
          .withDescription(
              "Rows per warehouse transaction at most; a full batch is written at once.");

  public static final ConfigOption<Duration> BATCH_INTERVAL =
      ConfigOptions.key("warehouse.sink.batch-interval")
          .durationType()
          .defaultValue(Duration.ofSeconds(5))
          .withDescription(
              "A batch not yet full is written this long after its first row arrived: bounds how"
                  + " stale the warehouse is between checkpoints.");

  public static final ConfigOption<Integer> MAX_RETRIES =
      ConfigOptions.key("warehouse.sink.max-retries")
          .intType()
          .defaultValue(3)
          .withDescription(
              "Retries of a failed batch (each in a new transaction, after 1, 2, 3… times the"
                  + " retry backoff) before the job fails and replays from its last checkpoint.");

  public static final ConfigOption<Duration> RETRY_BACKOFF =
      ConfigOptions.key("warehouse.sink.retry-backoff")
          .durationType()
          .defaultValue(Duration.ofSeconds(1))
          .withDescription("Wait before the first retry of a failed batch; grows linearly.");

  private final int batchSize;
  private final long batchIntervalMs;
  private final int maxRetries;
  private final long retryBackoffMs;

  private WarehouseSinkOptions(Builder b) {
    this.batchSize = b.batchSize;
    this.batchIntervalMs = b.batchIntervalMs;
    this.maxRetries = b.maxRetries;
    this.retryBackoffMs = b.retryBackoffMs;
  }

  public static WarehouseSinkOptions defaults() {
    return builder().build();
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Reads the {@code warehouse.sink.*} options, each with its default. */
  public static WarehouseSinkOptions fromConfiguration(ReadableConfig config) {
    return builder()
        .batchSize(config.get(BATCH_SIZE))
        .batchIntervalMs(config.get(BATCH_INTERVAL).toMillis())
        .maxRetries(config.get(MAX_RETRIES))
        .retryBackoffMs(config.get(RETRY_BACKOFF).toMillis())
        .build();
  }

  public int batchSize() {
    return batchSize;
  }

  public long batchIntervalMs() {
    return batchIntervalMs;
  }

  public int maxRetries() {
    return maxRetries;
  }

  public long retryBackoffMs() {
    return retryBackoffMs;
  }

  @Override
  public String toString() {
    return "WarehouseSinkOptions[batchSize="
        + batchSize
        + ", batchIntervalMs="
        + batchIntervalMs
        + ", maxRetries="
        + maxRetries
        + ", retryBackoffMs="
        + retryBackoffMs
        + "]";
  }

  /** Builder of {@link WarehouseSinkOptions}; every argument is checked when set. */
  public static final class Builder {
    private int batchSize = BATCH_SIZE.defaultValue();
    private long batchIntervalMs = BATCH_INTERVAL.defaultValue().toMillis();
    private int maxRetries = MAX_RETRIES.defaultValue();
    private long retryBackoffMs = RETRY_BACKOFF.defaultValue().toMillis();

    private Builder() {}

    public Builder batchSize(int rows) {
      if (rows <= 0) {
        throw new IllegalArgumentException("batchSize must be positive, got " + rows);
      }
      this.batchSize = rows;
      return this;
    }

    public Builder batchIntervalMs(long ms) {
      if (ms <= 0) {
        throw new IllegalArgumentException("batchIntervalMs must be positive, got " + ms);
      }
      this.batchIntervalMs = ms;
      return this;
    }

    public Builder maxRetries(int retries) {
      if (retries < 0) {
        throw new IllegalArgumentException("maxRetries cannot be negative, got " + retries);
      }
      this.maxRetries = retries;
      return this;
    }

    public Builder retryBackoffMs(long ms) {
      if (ms < 0) {
        throw new IllegalArgumentException("retryBackoffMs cannot be negative, got " + ms);
      }
      this.retryBackoffMs = ms;
      return this;
    }

    public WarehouseSinkOptions build() {
      return new WarehouseSinkOptions(this);
    }
  }
}
