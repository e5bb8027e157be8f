package io.devicetrail.bench.job;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A poor man's profiler for Flink's task threads (jstack in a loop, in-process): every few
 * milliseconds each task thread's stack is classified by who is running (the topmost frame of a
 * known operator or sink) and in which library (the topmost frame's package), or as waiting for
 * input (idle) or for an output buffer (backpressured).
 */
final class StackSampler implements AutoCloseable {

  /** Owners, checked from the top of the stack down: the first frame that matches names it. */
  private static final String[][] OWNERS = {
    {"io.devicetrail.connectors.warehouse", "warehouse sinks"},
    {"org.apache.flink.connector.jdbc", "support-DB sinks (JdbcSink)"},
    {"io.devicetrail.connectors.archive", "archive (Parquet)"},
    {"org.apache.flink.connector.file", "archive (Parquet)"},
    {"org.apache.flink.formats.parquet", "archive (Parquet)"},
    {"org.apache.flink.connector.kafka.sink", "dead-letter sink"},
    {"io.devicetrail.jobs.rollup", "rollups"},
    {"io.devicetrail.jobs.DropDuplicates", "dedup"},
    {"io.devicetrail.jobs.DecodeOrDeadLetter", "decode"},
    {"io.devicetrail.jobs.dim", "dim_device changes"},
    {"org.apache.flink.connector.kafka.source", "Kafka source"},
    {"org.apache.flink.connector.base.source", "Kafka source"},
    {"org.apache.kafka.clients.producer", "dead-letter sink"},
    {"org.apache.kafka", "Kafka source"},
    {"io.devicetrail.connectors.kafka", "Kafka source"},
    {"org.apache.flink.runtime.io.network.api.writer", "records out (serialise, hand to network)"},
    {
      "org.apache.flink.streaming.runtime.io.RecordWriterOutput",
      "records out (serialise, hand to network)"
    },
    {"org.apache.flink.streaming.runtime.io", "records in (deserialise)"},
    {"org.apache.flink.runtime.io.network", "network buffers"},
    {
      "org.apache.flink.streaming.runtime.tasks.SubtaskCheckpointCoordinatorImpl",
      "checkpoint (synchronous part)"
    },
  };

  private static final int PATH_FRAMES = 7;

  private final ThreadMXBean mx = ManagementFactory.getThreadMXBean();
  private final Map<String, Map<String, Integer>> samplesByTask = new HashMap<>();
  private final Map<String, Map<String, Integer>> pathsByTask = new HashMap<>();
  private final Thread sampler;
  private volatile boolean running = true;

  StackSampler(long periodMillis) {
    sampler =
        new Thread(
            () -> {
              List<Long> ids = new ArrayList<>();
              long refreshAt = 0;
              while (running) {
                long now = System.nanoTime();
                if (now >= refreshAt) {
                  ids = taskThreads();
                  refreshAt = now + 1_000_000_000L;
                }
                sample(ids);
                try {
                  Thread.sleep(periodMillis);
                } catch (InterruptedException e) {
                  return;
                }
              }
            },
            "bench-stack-sampler");
    sampler.setDaemon(true);
    sampler.start();
  }

  /** Samples per task group, per category ("owner [library]" or a waiting state). */
  synchronized Map<String, Map<String, Integer>> samples() {
    Map<String, Map<String, Integer>> copy = new HashMap<>();
    samplesByTask.forEach((k, v) -> copy.put(k, new HashMap<>(v)));
    return copy;
  }

  @Override
  public void close() throws InterruptedException {
    running = false;
    sampler.join();
  }

  private List<Long> taskThreads() {
    List<Long> ids = new ArrayList<>();
    long[] all = mx.getAllThreadIds();
    ThreadInfo[] infos = mx.getThreadInfo(all, 0);
    for (int i = 0; i < all.length; i++) {
      if (infos[i] != null && isTaskMainThread(infos[i].getThreadName())) {
        ids.add(all[i]);
      }
    }
    return ids;
  }

  /** A task's own thread or its Kafka fetcher; not the helpers (output flusher, timers). */
  private static boolean isTaskMainThread(String name) {
    return CpuSnapshot.isFlinkTask(name)
        && !name.startsWith("OutputFlusher for ")
        && !name.startsWith("Time Trigger for ")
        && !name.startsWith("System Time Trigger for ");
  }

  private void sample(List<Long> ids) {
    if (ids.isEmpty()) {
      return;
    }
    ThreadInfo[] infos = mx.getThreadInfo(ids.stream().mapToLong(Long::longValue).toArray(), 200);
    synchronized (this) {
      for (ThreadInfo info : infos) {
        if (info == null || info.getStackTrace().length == 0) {
          continue;
        }
        String task = CpuSnapshot.group(info.getThreadName());
        samplesByTask
            .computeIfAbsent(task, k -> new HashMap<>())
            .merge(classify(info), 1, Integer::sum);
        pathsByTask.computeIfAbsent(task, k -> new HashMap<>()).merge(path(info), 1, Integer::sum);
      }
    }
  }

  /** Samples per task group, per hot path (the top frames). */
  synchronized Map<String, Map<String, Integer>> paths() {
    Map<String, Map<String, Integer>> copy = new HashMap<>();
    pathsByTask.forEach((k, v) -> copy.put(k, new HashMap<>(v)));
    return copy;
  }

  /** The top frames, innermost first, as {@code Class.method < Caller.method < …}. */
  private static String path(ThreadInfo info) {
    StackTraceElement[] stack = info.getStackTrace();
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < Math.min(PATH_FRAMES, stack.length); i++) {
      String cls = stack[i].getClassName();
      b.append(i == 0 ? "" : " < ")
          .append(cls.substring(cls.lastIndexOf('.') + 1))
          .append('.')
          .append(stack[i].getMethodName());
    }
    return b.toString();
  }

  static String classify(ThreadInfo info) {
    StackTraceElement[] stack = info.getStackTrace();
    if (info.getThreadState() != Thread.State.RUNNABLE) {
      for (int i = 0; i < Math.min(stack.length, 25); i++) {
        String frame = stack[i].getClassName() + "." + stack[i].getMethodName();
        if (frame.contains("LocalBufferPool") || frame.contains("BufferBuilderBlocking")) {
          return "waiting for an output buffer (backpressured)";
        }
        if (frame.contains("TaskMailboxImpl.take")) {
          return "waiting in the mailbox (no input, or backpressured: see Flink task time)";
        }
      }
    }
    String owner = "Flink runtime";
    for (StackTraceElement frame : stack) {
      String name = frame.getClassName();
      String found = null;
      for (String[] rule : OWNERS) {
        if (name.startsWith(rule[0])) {
          found = rule[1];
          break;
        }
      }
      if (found != null) {
        owner = found;
        break;
      }
    }
    String state =
        info.getThreadState() == Thread.State.RUNNABLE ? "" : " (" + info.getThreadState() + ")";
    return owner + " [" + library(stack) + "]" + state;
  }

  /**
   * Where the innermost frame is: a socket wait (a database or broker reply; no CPU), or the
   * library ({@code org.apache.parquet}, {@code java.util}, …).
   */
  private static String library(StackTraceElement[] stack) {
    String top = stack[0].getClassName() + "." + stack[0].getMethodName();
    if (top.equals("sun.nio.ch.Net.poll") || top.startsWith("sun.nio.ch.EPoll.wait")) {
      return "socket: waiting for a reply";
    }
    return library(stack[0].getClassName());
  }

  private static String library(String className) {
    String[] parts = className.split("\\.");
    int keep = parts[0].equals("org") && parts.length > 2 && parts[1].equals("apache") ? 3 : 2;
    if (className.startsWith("org.apache.flink")) {
      keep = Math.min(4, parts.length - 1);
    }
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < Math.min(keep, parts.length - 1); i++) {
      b.append(i == 0 ? "" : ".").append(parts[i]);
    }
    return b.toString();
  }
}
