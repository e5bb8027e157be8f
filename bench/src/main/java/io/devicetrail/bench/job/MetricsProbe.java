package io.devicetrail.bench.job;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Gauge;
import org.apache.flink.metrics.Metric;
import org.apache.flink.metrics.MetricConfig;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.metrics.reporter.MetricReporter;
import org.apache.flink.metrics.reporter.MetricReporterFactory;

/**
 * Gives the benchmark direct access to the MiniCluster's metrics: a Flink metric reporter that
 * keeps every registered metric in a static registry, read on demand (no reporting interval).
 * Enabled with {@code metrics.reporter.probe.factory.class} = {@link Factory}.
 */
final class MetricsProbe {

  static final String REPORTER = "probe";

  /** A registered metric with the variables of its group. */
  record Entry(String name, Map<String, String> variables, Metric metric) {
    String task() {
      return variables.getOrDefault("<task_name>", "");
    }

    String operator() {
      return variables.getOrDefault("<operator_name>", "");
    }

    String subtask() {
      return variables.getOrDefault("<subtask_index>", "");
    }

    /** The value of a counter or a numeric gauge; NaN for anything else. */
    double value() {
      if (metric instanceof Counter c) {
        return c.getCount();
      }
      if (metric instanceof Gauge<?> g && g.getValue() instanceof Number n) {
        return n.doubleValue();
      }
      return Double.NaN;
    }
  }

  private static final Map<String, Entry> METRICS = new ConcurrentHashMap<>();

  private MetricsProbe() {}

  static void clear() {
    METRICS.clear();
  }

  static List<Entry> find(Predicate<Entry> filter) {
    List<Entry> out = new ArrayList<>();
    for (Entry e : METRICS.values()) {
      if (filter.test(e)) {
        out.add(e);
      }
    }
    return out;
  }

  /**
   * Sum over every subtask of the metric {@code name} of operators whose name is {@code operator}.
   */
  static long operatorSum(String operator, String name) {
    long sum = 0;
    for (Entry e : find(e -> e.name().equals(name) && e.operator().equals(operator))) {
      sum += (long) e.value();
    }
    return sum;
  }

  /** A job-level metric (checkpoint statistics), or NaN before it is registered. */
  static double job(String name) {
    for (Entry e : find(e -> e.name().equals(name) && !e.variables().containsKey("<task_name>"))) {
      if (e.variables().containsKey("<job_name>")) {
        return e.value();
      }
    }
    return Double.NaN;
  }

  /** The reporter Flink instantiates. */
  public static final class Reporter implements MetricReporter {
    @Override
    public void open(MetricConfig config) {}

    @Override
    public void close() {}

    @Override
    public void notifyOfAddedMetric(Metric metric, String name, MetricGroup group) {
      METRICS.put(
          group.getMetricIdentifier(name),
          new Entry(name, Map.copyOf(group.getAllVariables()), metric));
    }

    @Override
    public void notifyOfRemovedMetric(Metric metric, String name, MetricGroup group) {
      METRICS.remove(group.getMetricIdentifier(name));
    }
  }

  /** Found through {@code META-INF/services}. */
  public static final class Factory implements MetricReporterFactory {
    @Override
    public MetricReporter createMetricReporter(Properties properties) {
      return new Reporter();
    }
  }
}
