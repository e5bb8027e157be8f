package io.devicetrail.bench.job;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/** Prints the figures as they come, and the summary with the ratios at the end. */
final class Report {

  private static final double TARGET_RATE = 100_000;
  private static final double TARGET_RATIO = 0.5;
  private static final double TARGET_STATE_BYTES = 32 * 1024;

  private final BenchOptions options;
  private RunTracker.Result measured;
  private PlainConsumerBaseline.Result consumer;
  private CopyBaseline.Result copy;
  private double statePeakMeasured = Double.NaN;
  private double statePeakExtrapolated = Double.NaN;
  private double stateAtLastPoint = Double.NaN;
  private int stateDevices;
  private int stateHours;
  private String limits = "";

  Report(BenchOptions options) {
    this.options = options;
  }

  void machine() {
    Runtime rt = Runtime.getRuntime();
    System.out.printf(
        "Machine: %d cores (%s), %.1f GB RAM; %s %s, max heap %.1f GB%n",
        rt.availableProcessors(),
        cpuModel(),
        totalMemoryGb(),
        System.getProperty("java.vm.name"),
        System.getProperty("java.version"),
        rt.maxMemory() / 1e9);
    System.out.printf(
        "Load average before the run (other work on the machine): %s%n", loadAverage());
    System.out.printf("Options: %s%n%n", options);
  }

  void filled(String label, Batch.Counts c, double seconds) {
    System.out.printf(
        "Filled the %s batch: %,d messages (%,d valid, %,d invalid, %,d duplicates) in %.1f s"
            + " (%,.0f/s, producer with lz4, linger 20 ms)%n",
        label,
        c.published(),
        c.valid(),
        c.invalid(),
        c.duplicates(),
        seconds,
        c.published() / seconds);
  }

  void jobRun(String label, RunTracker.Result r) {
    if (label.equals("measured")) {
      measured = r;
    }
    System.out.printf("%nJob run, %s batch: %,d messages%n", label, r.published());
    System.out.printf(
        "  submit -> job RUNNING %.1f s; -> tasks up %.1f s; -> first message read %.1f s; -> all"
            + " read %.1f s; -> every store complete %.1f s%n",
        r.runningS(), r.tasksUpS(), r.firstReadS(), r.consumedS(), r.allDoneS());
    r.doneAtS().forEach((k, v) -> System.out.printf("    %-20s complete at %6.1f s%n", k, v));
    System.out.printf(
        "  rates: end to end (submit -> every store complete) %,.0f/s; reading window %,.0f/s;"
            + " steady (10%%->90%% read) %,.0f/s%n",
        r.endToEndRate(), r.readRate(), r.steadyRate());
    System.out.printf(
        "  checkpoints completed: %d, last took %.0f ms%n", r.checkpoints(), r.lastCheckpointMs());
    if (!label.equals("measured")) {
      return;
    }
    System.out.println(
        "  Flink task time while reading (per subtask; busy / backpressured / idle):");
    r.taskTimes()
        .forEach(
            (task, t) ->
                System.out.printf(
                    "    %5.0f%% %5.0f%% %5.0f%%  %s%n",
                    100 * t.busy(), 100 * t.backpressured(), 100 * t.idle(), task));
    cpu(r);
    stacks(r);
  }

  private void cpu(RunTracker.Result r) {
    CpuSnapshot a = r.cpuStart();
    CpuSnapshot b = r.cpuEnd();
    double wall = (b.wallNanos() - a.wallNanos()) / 1e9;
    double machine = (b.machineBusyNanos() - a.machineBusyNanos()) / 1e9;
    double cores = (b.machineTotalNanos() - a.machineTotalNanos()) / 1e9 / wall;
    double jvm = (b.jvmNanos() - a.jvmNanos()) / 1e9;
    double gc = (b.gcMillis() - a.gcMillis()) / 1e3;
    Map<String, Long> processes = b.processDelta(a);
    double postgres = processes.getOrDefault(CpuSnapshot.POSTGRES, 0L) / 1e9;
    Map<String, Long> threads = b.threadDelta(a);
    double javaThreads = threads.values().stream().mapToLong(Long::longValue).sum() / 1e9;
    System.out.printf(
        "  CPU while reading (%.1f s wall x %.0f cores = %.1f core-s): machine busy %.0f%%%n",
        wall, cores, wall * cores, 100 * machine / (wall * cores));
    System.out.printf(
        "    this JVM (Flink, in-process Kafka broker and s3proxy) %5.1f core-s, of which outside"
            + " Java threads (GC, JIT) %.1f; GC pauses %.1f s%n",
        jvm, jvm - javaThreads, gc);
    System.out.printf(
        "    the benchmark's PostgreSQL                          %5.1f core-s%n", postgres);
    processes.entrySet().stream()
        .filter(e -> !e.getKey().equals(CpuSnapshot.POSTGRES) && e.getValue() > 200_000_000L)
        .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
        .limit(4)
        .forEach(
            e ->
                System.out.printf(
                    "    other process: %-36s %5.1f core-s%n", e.getKey(), e.getValue() / 1e9));
    System.out.println("  JVM threads by CPU (core-seconds):");
    threads.entrySet().stream()
        .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
        .limit(14)
        .forEach(e -> System.out.printf("    %6.1f  %s%n", e.getValue() / 1e9, e.getKey()));
    double others = machine - jvm - postgres;
    double jvmMicros = jvm * 1e6 / r.published();
    double pgMicros = postgres * 1e6 / r.published();
    System.out.printf(
        "  CPU per message: this JVM %.0f us, PostgreSQL %.0f us: at 100%% of %.0f cores at most"
            + " %,.0f messages/s%n",
        jvmMicros, pgMicros, cores, cores * 1e6 / (jvmMicros + pgMicros));
    limits =
        String.format(
            "machine %.0f%% busy: this JVM %.0f%%, its PostgreSQL %.0f%%, other processes %.0f%%",
            100 * machine / (wall * cores),
            100 * jvm / (wall * cores),
            100 * postgres / (wall * cores),
            100 * others / (wall * cores));
  }

  private void stacks(RunTracker.Result r) {
    System.out.println(
        "  Stack samples of the task threads (every 20 ms); tasks not waiting >= 5% of the time:");
    String busiest = null;
    double busiestShare = 0;
    for (Map.Entry<String, Map<String, Integer>> task : r.stackSamples().entrySet()) {
      Map<String, Integer> byCategory = task.getValue();
      int total = byCategory.values().stream().mapToInt(Integer::intValue).sum();
      int waiting =
          byCategory.entrySet().stream()
              // A Kafka fetcher blocked in its poll is waiting too.
              .filter(
                  e ->
                      e.getKey().startsWith("waiting")
                          || e.getKey().startsWith("Kafka source [socket"))
              .mapToInt(Map.Entry::getValue)
              .sum();
      double active = 1 - (double) waiting / total;
      if (active < 0.05) {
        continue;
      }
      double busy = busyShare(r, task.getKey());
      if (busy > busiestShare) {
        busiestShare = busy;
        busiest = task.getKey();
      }
      System.out.printf("    %s (%d samples)%n", task.getKey(), total);
      byCategory.entrySet().stream()
          .sorted(Map.Entry.<String, Integer>comparingByValue().reversed())
          .filter(e -> e.getValue() >= total / 200)
          .limit(12)
          .forEach(
              e ->
                  System.out.printf(
                      "      %5.1f%%  %s%n", 100.0 * e.getValue() / total, e.getKey()));
    }
    if (busiest != null) {
      Map<String, Integer> paths = r.hotPaths().get(busiest);
      int total = paths.values().stream().mapToInt(Integer::intValue).sum();
      System.out.printf("  Hottest stacks of %s (innermost frame first):%n", busiest);
      paths.entrySet().stream()
          .sorted(Map.Entry.<String, Integer>comparingByValue().reversed())
          .limit(12)
          .forEach(
              e ->
                  System.out.printf(
                      "      %5.1f%%  %s%n", 100.0 * e.getValue() / total, e.getKey()));
    }
  }

  /** Flink's busy share of a sampled task thread's task (0 for fetchers and unknown names). */
  private static double busyShare(RunTracker.Result r, String sampledGroup) {
    RunTracker.TaskTime t = r.taskTimes().get(sampledGroup.substring("task: ".length()));
    return t == null ? 0 : t.busy();
  }

  void verified(Outputs.Counts c, RunTracker.Targets t) {
    System.out.printf(
        "  stores after the run: signal_recent %,d (want %,d), device_latest %,d (%,d), signal_raw %,d"
            + " (%,d), signal_hourly %,d (%,d), dead letters %,d (%,d), archive %,d (%,d)%n",
        c.signalRecent(),
        t.signalRecent(),
        c.deviceLatest(),
        t.deviceLatest(),
        c.signalRaw(),
        t.signalRaw(),
        c.signalHourly(),
        t.signalHourly(),
        c.deadLetters(),
        t.deadLetters(),
        c.archived(),
        t.archived());
    if (c.signalRecent() != t.signalRecent()
        || c.signalRaw() != t.signalRaw()
        || c.archived() != t.archived()
        || c.signalHourly() != t.signalHourly()) {
      System.out.println("  WARNING: a store holds more rows than expected (duplicates?)");
    }
  }

  void consumerBaseline(PlainConsumerBaseline.Result r) {
    consumer = r;
    System.out.printf(
        "%nBaseline A, plain KafkaConsumer + EventCodec.decodeSignal, one thread: %,d messages"
            + " (%,d valid) in %.2f s = %,.0f/s%n",
        r.messages(), r.valid(), r.seconds(), r.rate());
  }

  void copyBaseline(CopyBaseline.Result r) {
    copy = r;
    System.out.printf(
        "Baseline B, PostgreSQL COPY (CSV) into a table like signal_recent: %,d rows in %.2f s ="
            + " %,.0f/s (CSV rendered beforehand in %.1f s, not counted)%n",
        r.rows(), r.seconds(), r.rate(), r.renderSeconds());
  }

  void stateCheck(RollupStateProbe.Result r) {
    System.out.printf(
        "%nRollup state, %,d devices x %d days (harness, %,.0f readings/s fed):%n",
        r.devices(), r.points().get(r.points().size() - 1).hours() / 24, r.readingsPerSecond());
    for (RollupStateProbe.Point p : r.points()) {
      System.out.printf("    after %4d h: %,8.0f bytes/device%n", p.hours(), p.bytesPerDevice());
    }
    statePeakMeasured =
        r.points().stream()
            .filter(p -> p.hours() >= 8 * 24)
            .mapToDouble(RollupStateProbe.Point::bytesPerDevice)
            .max()
            .orElse(Double.NaN);
  }

  void state(RollupStateProbe.Result big, RollupStateProbe.Result check) {
    System.out.printf(
        "Rollup state, %,d devices x %d days (harness, %,.0f readings/s fed through the operator):%n",
        big.devices(),
        big.points().get(big.points().size() - 1).hours() / 24,
        big.readingsPerSecond());
    for (RollupStateProbe.Point p : big.points()) {
      System.out.printf(
          "    after %4d h: %,8.0f bytes/device (%,d bytes keyed state)%n",
          p.hours(), p.bytesPerDevice(), p.keyedBytes());
    }
    RollupStateProbe.Point last = big.points().get(big.points().size() - 1);
    stateDevices = big.devices();
    stateHours = last.hours();
    stateAtLastPoint = last.bytesPerDevice();
    // The small fleet's growth from the same hour to its peak, added to the large fleet's size.
    double checkAtSameHour =
        check.points().stream()
            .filter(p -> p.hours() == last.hours())
            .mapToDouble(RollupStateProbe.Point::bytesPerDevice)
            .findFirst()
            .orElse(Double.NaN);
    statePeakExtrapolated = last.bytesPerDevice() + (statePeakMeasured - checkAtSameHour);
    System.out.printf(
        "    peak at the 7-day horizon (8 days held): measured %,.0f bytes/device on %,d devices;"
            + " extrapolated for %,d devices %,.0f bytes/device (their size after %d h + the small"
            + " fleet's growth from %d h to its peak)%n",
        statePeakMeasured,
        check.devices(),
        big.devices(),
        statePeakExtrapolated,
        last.hours(),
        last.hours());
  }

  void dedup(
      DedupProbe.Result asInTheJob,
      DedupProbe.Result flinkDefault,
      DedupProbe.Result withoutCleanup) {
    System.out.printf(
        "%nDuplicate filter alone (harness, heap state, %,d readings): as in the job"
            + " (cleanupIncrementally(1, false)) %,.0f/s; Flink's default TTL cleanup %,.0f/s"
            + " (x%.2f); background cleanup disabled %,.0f/s (x%.1f)%n",
        asInTheJob.readings(),
        asInTheJob.rate(),
        flinkDefault.rate(),
        flinkDefault.rate() / asInTheJob.rate(),
        withoutCleanup.rate(),
        withoutCleanup.rate() / asInTheJob.rate());
  }

  void summary() {
    System.out.printf("%n==== Summary ====%n");
    if (measured != null) {
      System.out.printf(
          "Job, whole pipeline, all sinks, checkpoints every %s: %,.0f readings/s end to end (steady"
              + " %,.0f/s)  [target >= %,.0f/s: %s]%n",
          options.checkpointInterval(),
          measured.endToEndRate(),
          measured.steadyRate(),
          TARGET_RATE,
          measured.endToEndRate() >= TARGET_RATE ? "met" : "NOT met");
    }
    if (consumer != null && copy != null) {
      double slower = Math.min(consumer.rate(), copy.rate());
      System.out.printf(
          "Baselines: plain consumer + decode %,.0f/s, COPY %,.0f/s; slower %,.0f/s%n",
          consumer.rate(), copy.rate(), slower);
      if (measured != null) {
        double ratio = measured.endToEndRate() / slower;
        System.out.printf(
            "Ratio job / slower baseline: %.2f end to end, %.2f steady  [target >= %.2f: %s]%n",
            ratio,
            measured.steadyRate() / slower,
            TARGET_RATIO,
            ratio >= TARGET_RATIO ? "met" : "NOT met");
        System.out.printf(
            "Job vs each: %.2f of the consumer, %.2f of COPY%n",
            measured.endToEndRate() / consumer.rate(), measured.endToEndRate() / copy.rate());
      }
    }
    if (!limits.isEmpty()) {
      System.out.println("While the job read: " + limits);
    }
    if (!Double.isNaN(stateAtLastPoint)) {
      System.out.printf(
          "Rollup state: %,.0f bytes/device at %,d devices after %d h; peak at the default horizon"
              + " %,.0f bytes/device (extrapolated; measured %,.0f on the small fleet)  [target <= %,.0f:"
              + " %s]%n",
          stateAtLastPoint,
          stateDevices,
          stateHours,
          statePeakExtrapolated,
          statePeakMeasured,
          TARGET_STATE_BYTES,
          Math.max(statePeakExtrapolated, statePeakMeasured) <= TARGET_STATE_BYTES
              ? "met"
              : "NOT met");
    }
  }

  private static String cpuModel() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
        if (line.startsWith("model name")) {
          return line.substring(line.indexOf(':') + 1).trim();
        }
      }
    } catch (IOException e) {
      // fall through
    }
    return "unknown CPU";
  }

  private static String loadAverage() {
    try {
      return Files.readString(Path.of("/proc/loadavg")).trim();
    } catch (IOException e) {
      return "unknown";
    }
  }

  private static double totalMemoryGb() {
    return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
            .getTotalMemorySize()
        / 1e9;
  }
}
