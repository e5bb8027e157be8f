package io.devicetrail.bench.job;

import java.io.IOException;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where CPU time has gone so far: per thread of this JVM (Flink, the in-process Kafka broker and
 * s3proxy all live here), the JVM as a whole (the remainder is GC and JIT), the PostgreSQL
 * processes, and the whole machine. Two snapshots give the split over a window.
 */
record CpuSnapshot(
    long wallNanos,
    Map<String, Long> threadNanosByGroup,
    long jvmNanos,
    long gcMillis,
    Map<String, Long> processNanos,
    long machineBusyNanos,
    long machineTotalNanos) {

  /** The key of the benchmark's own PostgreSQL in {@link #processNanos()}. */
  static final String POSTGRES = "PostgreSQL (the benchmark's)";

  private static final long TICK_NANOS = 10_000_000L; // USER_HZ = 100 on Linux

  /**
   * @param postmasterPid the benchmark's PostgreSQL server, told apart from other PostgreSQL
   *     servers on the machine
   */
  static CpuSnapshot take(long postmasterPid) {
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    Map<String, Long> byGroup = new HashMap<>();
    long[] ids = threads.getAllThreadIds();
    ThreadInfo[] infos = threads.getThreadInfo(ids, 0);
    for (int i = 0; i < ids.length; i++) {
      long cpu = threads.getThreadCpuTime(ids[i]);
      if (infos[i] != null && cpu > 0) {
        byGroup.merge(group(infos[i].getThreadName()), cpu, Long::sum);
      }
    }
    long jvm =
        ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
            .getProcessCpuTime();
    long gc = 0;
    for (GarbageCollectorMXBean collector : ManagementFactory.getGarbageCollectorMXBeans()) {
      gc += Math.max(0, collector.getCollectionTime());
    }
    Map<String, Long> processes = new HashMap<>();
    processes(postmasterPid).forEach((k, t) -> processes.put(k, t * TICK_NANOS));
    long[] machine = machine();
    return new CpuSnapshot(System.nanoTime(), byGroup, jvm, gc, processes, machine[0], machine[1]);
  }

  /**
   * A thread's group: Flink task threads without their subtask suffix ({@code "… (1/2)#0"}), others
   * with digits folded ({@code data-plane-kafka-request-handler-#}).
   */
  static String group(String threadName) {
    Matcher task = FLINK_TASK.matcher(threadName);
    if (task.matches()) {
      return "task: " + task.group(1);
    }
    return threadName.replaceAll("\\d+", "#");
  }

  static boolean isFlinkTask(String threadName) {
    return FLINK_TASK.matcher(threadName).matches();
  }

  private static final Pattern FLINK_TASK = Pattern.compile("(.*) \\(\\d+/\\d+\\)(#\\d+)?");

  /** CPU nanoseconds per thread group between {@code start} and this snapshot. */
  Map<String, Long> threadDelta(CpuSnapshot start) {
    return delta(threadNanosByGroup, start.threadNanosByGroup);
  }

  /** CPU nanoseconds per process group between {@code start} and this snapshot. */
  Map<String, Long> processDelta(CpuSnapshot start) {
    return delta(processNanos, start.processNanos);
  }

  private static Map<String, Long> delta(Map<String, Long> end, Map<String, Long> start) {
    Map<String, Long> delta = new HashMap<>();
    end.forEach((g, ns) -> delta.put(g, ns - start.getOrDefault(g, 0L)));
    return delta;
  }

  /**
   * CPU ticks of every process: the benchmark's PostgreSQL (the postmaster {@code postmasterPid},
   * its live children and what it collected from exited ones) under "postgres", every other process
   * (other than this JVM) under its command name.
   */
  private static Map<String, Long> processes(long postmasterPid) {
    long self = ProcessHandle.current().pid();
    Map<String, Long> ticks = new HashMap<>();
    try (DirectoryStream<Path> procs = Files.newDirectoryStream(Path.of("/proc"), "[0-9]*")) {
      for (Path proc : procs) {
        String stat;
        try {
          stat = Files.readString(proc.resolve("stat"));
        } catch (IOException gone) {
          continue;
        }
        int open = stat.indexOf('(');
        int close = stat.lastIndexOf(')');
        long pid = Long.parseLong(stat.substring(0, open).trim());
        if (pid == self) {
          continue;
        }
        String comm = stat.substring(open + 1, close);
        // After the command: state(0) ppid(1) … utime(11) stime(12) cutime(13) cstime(14).
        String[] f = stat.substring(close + 2).split(" ");
        long ppid = Long.parseLong(f[1]);
        long own = Long.parseLong(f[11]) + Long.parseLong(f[12]);
        if (pid == postmasterPid) {
          ticks.merge(POSTGRES, own + Long.parseLong(f[13]) + Long.parseLong(f[14]), Long::sum);
        } else if (ppid == postmasterPid) {
          ticks.merge(POSTGRES, own, Long::sum);
        } else {
          // Own time only: children's time lands on whoever reaps them, all at once.
          ticks.merge(comm, own, Long::sum);
        }
      }
    } catch (IOException e) {
      return Map.of();
    }
    return ticks;
  }

  /** [busy, total] of all cores from /proc/stat. */
  private static long[] machine() {
    try {
      String[] f = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
      long total = 0;
      for (int i = 1; i < Math.min(f.length, 9); i++) {
        total += Long.parseLong(f[i]);
      }
      // Busy excludes idle, iowait and steal (time the hypervisor gave to other machines).
      long notBusy = Long.parseLong(f[4]) + Long.parseLong(f[5]) + Long.parseLong(f[8]);
      return new long[] {(total - notBusy) * TICK_NANOS, total * TICK_NANOS};
    } catch (IOException e) {
      return new long[] {0, 0};
    }
  }
}
