package io.devicetrail.bench.job;

import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The benchmark's settings, from {@code --name=value} arguments; {@code --help} lists them with
 * their defaults.
 */
record BenchOptions(
    int devices,
    int warmupHours,
    int hours,
    int partitions,
    int parallelism,
    Duration checkpointInterval,
    String stateBackend,
    boolean objectReuse,
    boolean durablePostgres,
    int jdbcBatchSize,
    double invalidRate,
    double duplicateRate,
    int stateDevices,
    int stateDays,
    int checkDevices,
    int checkDays,
    Set<String> phases,
    Duration timeout) {

  static final Map<String, String> DEFAULTS = new LinkedHashMap<>();

  static {
    DEFAULTS.put(
        "devices", "20000 — devices in the Kafka batches (5-minute readings, hourly uploads)");
    DEFAULTS.put(
        "warmup-hours",
        "1 — hours of uploads in the warm-up batch (20,000 devices: 240,000 readings)");
    DEFAULTS.put(
        "hours", "6 — hours of uploads in the measured batch (20,000 devices: 1,440,000 readings)");
    DEFAULTS.put("partitions", "2 — partitions of the signal topic");
    DEFAULTS.put("parallelism", "2 — job parallelism (slots of the MiniCluster)");
    DEFAULTS.put("checkpoint-interval", "10s — the job's checkpoint interval");
    DEFAULTS.put(
        "state-backend",
        "hashmap — hashmap (as the local run) or rocksdb (as deploy/, incremental)");
    DEFAULTS.put(
        "object-reuse",
        "false — pipeline.object-reuse (records passed to chained operators without a copy)");
    DEFAULTS.put(
        "postgres",
        "durable — durable (PostgreSQL defaults, as the local run) or fast (fsync off)");
    DEFAULTS.put(
        "jdbc-batch", "2000 — the job's JDBC batch size for the support database (its default)");
    DEFAULTS.put(
        "invalid-rate", "0.001 — share of readings that break a validity rule (dead letters)");
    DEFAULTS.put("duplicate-rate", "0.002 — share of readings published twice");
    DEFAULTS.put("state-devices", "100000 — devices for the rollup state measurement");
    DEFAULTS.put("state-days", "1 — simulated days for those devices");
    DEFAULTS.put("check-devices", "500 — devices for the full-horizon state check");
    DEFAULTS.put("check-days", "10 — simulated days for the full-horizon check (peak after day 8)");
    DEFAULTS.put(
        "phases",
        "job,baselines,state — which parts to run; also dedup (the duplicate filter alone, for"
            + " the TTL cleanup proposal)");
    DEFAULTS.put("timeout", "8m — longest wait for one job run to deliver everything");
  }

  static BenchOptions parse(String[] args) {
    Map<String, String> v = new HashMap<>();
    DEFAULTS.forEach((k, d) -> v.put(k, d.substring(0, d.indexOf(' '))));
    for (String arg : args) {
      if (arg.equals("--help") || arg.equals("-h")) {
        throw new HelpRequested();
      }
      int eq = arg.indexOf('=');
      if (!arg.startsWith("--") || eq < 0 || !DEFAULTS.containsKey(arg.substring(2, eq))) {
        throw new IllegalArgumentException("unknown argument " + arg + " (see --help)");
      }
      v.put(arg.substring(2, eq), arg.substring(eq + 1));
    }
    String backend = v.get("state-backend");
    if (!backend.equals("hashmap") && !backend.equals("rocksdb")) {
      throw new IllegalArgumentException("--state-backend must be hashmap or rocksdb");
    }
    String postgres = v.get("postgres");
    if (!postgres.equals("durable") && !postgres.equals("fast")) {
      throw new IllegalArgumentException("--postgres must be durable or fast");
    }
    return new BenchOptions(
        Integer.parseInt(v.get("devices")),
        Integer.parseInt(v.get("warmup-hours")),
        Integer.parseInt(v.get("hours")),
        Integer.parseInt(v.get("partitions")),
        Integer.parseInt(v.get("parallelism")),
        duration(v.get("checkpoint-interval")),
        backend,
        Boolean.parseBoolean(v.get("object-reuse")),
        postgres.equals("durable"),
        Integer.parseInt(v.get("jdbc-batch")),
        Double.parseDouble(v.get("invalid-rate")),
        Double.parseDouble(v.get("duplicate-rate")),
        Integer.parseInt(v.get("state-devices")),
        Integer.parseInt(v.get("state-days")),
        Integer.parseInt(v.get("check-devices")),
        Integer.parseInt(v.get("check-days")),
        Set.of(v.get("phases").split(",")),
        duration(v.get("timeout")));
  }

  static String help() {
    StringBuilder b = new StringBuilder("Options (--name=value):\n");
    DEFAULTS.forEach((k, d) -> b.append(String.format("  --%-20s %s%n", k, d)));
    return b.toString();
  }

  boolean runs(String phase) {
    return phases.contains(phase);
  }

  /** {@code 500ms}, {@code 10s}, {@code 8m}. */
  private static Duration duration(String s) {
    if (s.endsWith("ms")) {
      return Duration.ofMillis(Long.parseLong(s.substring(0, s.length() - 2)));
    }
    long n = Long.parseLong(s.substring(0, s.length() - 1));
    return switch (s.charAt(s.length() - 1)) {
      case 's' -> Duration.ofSeconds(n);
      case 'm' -> Duration.ofMinutes(n);
      default -> throw new IllegalArgumentException("duration must end in ms, s or m: " + s);
    };
  }

  /** Thrown by {@link #parse} for {@code --help}. */
  static final class HelpRequested extends RuntimeException {
    HelpRequested() {
      super("help", null, false, false);
    }
  }
}
