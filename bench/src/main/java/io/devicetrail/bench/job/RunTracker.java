package io.devicetrail.bench.job;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.core.execution.JobClient;

/**
 * Follows one job run from submission until every output holds what it must: the decode operator
 * has read every published message (Flink's {@code numRecordsIn}), and then each store has its
 * rows. Meanwhile it profiles the window in which the job reads (first to last message): Flink's
 * busy / backpressured / idle time per task, CPU per thread group and process, stack samples.
 */
final class RunTracker {

  private static final String DECODE = "decode signal";
  private static final long POLL_MS = 200;

  /** What the stores must hold once the run is through (cumulative over runs). */
  record Targets(
      long published,
      long signalRecent,
      long deviceLatest,
      long signalRaw,
      long signalHourly,
      long deadLetters,
      long archived) {}

  /** Busy, backpressured and idle share of one task (averaged over its subtasks). */
  record TaskTime(double busy, double backpressured, double idle) {}

  record Result(
      long published,
      double runningS,
      double tasksUpS,
      double firstReadS,
      double consumedS,
      double allDoneS,
      double steadyRate,
      Map<String, Double> doneAtS,
      Map<String, TaskTime> taskTimes,
      CpuSnapshot cpuStart,
      CpuSnapshot cpuEnd,
      Map<String, Map<String, Integer>> stackSamples,
      Map<String, Map<String, Integer>> hotPaths,
      long checkpoints,
      double lastCheckpointMs) {

    double endToEndRate() {
      return published / allDoneS;
    }

    double readRate() {
      return published / (consumedS - firstReadS);
    }
  }

  private RunTracker() {}

  /**
   * @param submittedAt {@link System#nanoTime()} just before the job was submitted
   */
  static Result follow(
      JobClient job,
      long submittedAt,
      Targets targets,
      Outputs outputs,
      long postmasterPid,
      Duration timeout)
      throws Exception {
    long deadline = submittedAt + timeout.toNanos();
    List<long[]> progress = new ArrayList<>(); // {nanos, decoded}
    long running = 0;
    long tasksUp = 0;
    long firstRead = 0;
    long consumed = 0;
    Map<String, double[]> accStart = null;
    Map<String, double[]> accEnd = null;
    CpuSnapshot cpuStart = null;
    CpuSnapshot cpuEnd = null;
    Map<String, Map<String, Integer>> samples = Map.of();
    Map<String, Map<String, Integer>> paths = Map.of();
    StackSampler sampler = null;
    Map<String, Double> doneAt = new LinkedHashMap<>();
    Map<String, LongSupplier> pending = pendingOutputs(targets, outputs);
    try {
      while (true) {
        long now = System.nanoTime();
        if (now > deadline) {
          StringBuilder missing = new StringBuilder();
          pending.forEach(
              (name, shortfall) ->
                  missing.append(' ').append(name).append(' ').append(shortfall.getAsLong()));
          throw new IllegalStateException(
              "run not through after " + timeout + "; short of the target by:" + missing);
        }
        JobStatus status = job.getJobStatus().get();
        if (running == 0 && status == JobStatus.RUNNING) {
          running = now;
        }
        if (tasksUp == 0 && !MetricsProbe.find(e -> e.operator().equals(DECODE)).isEmpty()) {
          tasksUp = now;
        }
        if (status.isGloballyTerminalState()) {
          job.getJobExecutionResult().get(); // throws the job's failure
          throw new IllegalStateException("job ended before delivering everything");
        }
        long decoded = MetricsProbe.operatorSum(DECODE, "numRecordsIn");
        progress.add(new long[] {now, decoded});
        if (firstRead == 0 && decoded > 0) {
          firstRead = now;
          accStart = taskAccumulators();
          cpuStart = CpuSnapshot.take(postmasterPid);
          sampler = new StackSampler(20);
        }
        if (consumed == 0 && decoded >= targets.published()) {
          consumed = now;
          accEnd = taskAccumulators();
          cpuEnd = CpuSnapshot.take(postmasterPid);
          sampler.close();
          samples = sampler.samples();
          paths = sampler.paths();
          sampler = null;
        }
        if (consumed != 0) {
          pending.entrySet().removeIf(e -> reached(e, doneAt, submittedAt));
          if (pending.isEmpty()) {
            break;
          }
        }
        TimeUnit.MILLISECONDS.sleep(POLL_MS);
      }
    } finally {
      if (sampler != null) {
        sampler.close();
      }
    }
    double allDone = doneAt.values().stream().mapToDouble(Double::doubleValue).max().orElse(0);
    return new Result(
        targets.published(),
        seconds(running - submittedAt),
        seconds(tasksUp - submittedAt),
        seconds(firstRead - submittedAt),
        seconds(consumed - submittedAt),
        allDone,
        steadyRate(progress, targets.published()),
        doneAt,
        taskTimes(accStart, accEnd, seconds(consumed - firstRead) * 1000),
        cpuStart,
        cpuEnd,
        samples,
        paths,
        (long) MetricsProbe.job("numberOfCompletedCheckpoints"),
        MetricsProbe.job("lastCheckpointDuration"));
  }

  /** Waits until one more checkpoint than now has completed (so the source offsets cover all). */
  static void awaitNextCheckpoint(Duration timeout) throws InterruptedException {
    double before = MetricsProbe.job("numberOfCompletedCheckpoints");
    long deadline = System.nanoTime() + timeout.toNanos();
    while (MetricsProbe.job("numberOfCompletedCheckpoints") < before + 1) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("no checkpoint completed within " + timeout);
      }
      TimeUnit.MILLISECONDS.sleep(POLL_MS);
    }
  }

  private static Map<String, LongSupplier> pendingOutputs(Targets t, Outputs o) {
    Map<String, LongSupplier> counts = new LinkedHashMap<>();
    Map<String, Long> want = new HashMap<>();
    counts.put("signal_recent", unchecked(o::signalRecent));
    want.put("signal_recent", t.signalRecent());
    counts.put("device_latest", unchecked(o::deviceLatest));
    want.put("device_latest", t.deviceLatest());
    counts.put("signal_raw", unchecked(o::signalRaw));
    want.put("signal_raw", t.signalRaw());
    counts.put("signal_hourly", unchecked(o::signalHourly));
    want.put("signal_hourly", t.signalHourly());
    counts.put("dead letters", o::deadLetters);
    want.put("dead letters", t.deadLetters());
    counts.put("archive (committed)", o::archived);
    want.put("archive (committed)", t.archived());
    Map<String, LongSupplier> pending = new LinkedHashMap<>();
    counts.forEach((name, count) -> pending.put(name, () -> count.getAsLong() - want.get(name)));
    return pending;
  }

  /** The entry's count minus its target is at least 0: record when. */
  private static boolean reached(
      Map.Entry<String, LongSupplier> e, Map<String, Double> doneAt, long submittedAt) {
    if (e.getValue().getAsLong() >= 0) {
      doneAt.put(e.getKey(), seconds(System.nanoTime() - submittedAt));
      return true;
    }
    return false;
  }

  /** Rate between 10 % and 90 % of the messages read: the pipeline's steady pace. */
  private static double steadyRate(List<long[]> progress, long total) {
    long[] from = null;
    long[] to = null;
    for (long[] p : progress) {
      if (from == null && p[1] >= total / 10) {
        from = p;
      }
      if (to == null && p[1] >= total * 9 / 10) {
        to = p;
      }
    }
    if (from == null || to == null || to[0] == from[0]) {
      return Double.NaN;
    }
    return (to[1] - from[1]) / seconds(to[0] - from[0]);
  }

  /** Per task: accumulated busy, backpressured and idle ms summed over subtasks, and subtasks. */
  private static Map<String, double[]> taskAccumulators() {
    Map<String, double[]> acc = new TreeMap<>();
    String[] names = {
      "accumulateBusyTimeMs", "accumulateBackPressuredTimeMs", "accumulateIdleTimeMs"
    };
    for (int i = 0; i < names.length; i++) {
      int index = i;
      for (MetricsProbe.Entry e :
          MetricsProbe.find(e -> e.name().equals(names[index]) && e.operator().isEmpty())) {
        double[] a = acc.computeIfAbsent(e.task(), k -> new double[4]);
        a[index] += e.value();
        if (index == 0) {
          a[3]++;
        }
      }
    }
    return acc;
  }

  private static Map<String, TaskTime> taskTimes(
      Map<String, double[]> start, Map<String, double[]> end, double windowMs) {
    Map<String, TaskTime> out = new TreeMap<>();
    if (start == null || end == null) {
      return out;
    }
    end.forEach(
        (task, e) -> {
          double[] s = start.getOrDefault(task, new double[4]);
          double span = windowMs * e[3];
          double busy = (e[0] - s[0]) / span;
          double backpressured = (e[1] - s[1]) / span;
          double idle = (e[2] - s[2]) / span;
          // Flink reports busy time as NaN for some tasks; it is the rest of the time.
          out.put(
              task,
              new TaskTime(
                  Double.isNaN(busy) ? 1 - backpressured - idle : busy, backpressured, idle));
        });
    return out;
  }

  private static double seconds(long nanos) {
    return nanos / 1e9;
  }

  private interface SqlCount {
    long get() throws Exception;
  }

  private static LongSupplier unchecked(SqlCount count) {
    return () -> {
      try {
        return count.get();
      } catch (Exception e) {
        throw new IllegalStateException("counting rows failed: " + e.getMessage(), e);
      }
    };
  }
}
