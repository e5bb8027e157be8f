package io.devicetrail.poller.metrics;

import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;

/**
 * Is Kafka reachable? Asks the cluster for its nodes, at most every few seconds (the answer is
 * cached so that a health check per second does not turn into admin requests per second).
 */
public final class KafkaProbe implements AutoCloseable {
  private static final long CACHE_NANOS = Duration.ofSeconds(5).toNanos();

  private final Admin admin;
  private final Duration timeout;
  private long checkedAt;
  private boolean reachable;

  public KafkaProbe(String bootstrapServers, Properties overrides, Duration timeout) {
    Properties props = new Properties();
    props.putAll(overrides);
    props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    props.put(AdminClientConfig.CLIENT_ID_CONFIG, "devicetrail-poller-health");
    props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) timeout.toMillis());
    props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) timeout.toMillis());
    this.admin = Admin.create(props);
    this.timeout = timeout;
  }

  public synchronized boolean reachable() {
    long now = System.nanoTime();
    if (checkedAt != 0 && now - checkedAt < CACHE_NANOS) {
      return reachable;
    }
    try {
      reachable =
          !admin
              .describeCluster(new DescribeClusterOptions().timeoutMs((int) timeout.toMillis()))
              .nodes()
              .get(timeout.toMillis(), TimeUnit.MILLISECONDS)
              .isEmpty();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      reachable = false;
    } catch (Exception e) {
      reachable = false;
    }
    checkedAt = System.nanoTime();
    return reachable;
  }

  @Override
  public void close() {
    admin.close(Duration.ofSeconds(5));
  }
}
