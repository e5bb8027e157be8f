package io.devicetrail.bench.poller;

import io.devicetrail.poller.Poller;
import io.devicetrail.poller.PollerConfig;
import io.devicetrail.poller.cursor.JournalCursorStore;
import io.devicetrail.poller.schedule.DeviceTable;
import io.devicetrail.poller.schedule.ScheduleSettings;
import io.devicetrail.poller.vendor.ApiToken;
import io.devicetrail.poller.vendor.HttpVendorClient;
import io.devicetrail.poller.vendor.VendorApiConfig;
import io.devicetrail.simulator.ManualClock;
import io.devicetrail.simulator.Reading;
import io.devicetrail.simulator.SimulatorConfig;
import io.devicetrail.simulator.SimulatorServer;
import java.io.BufferedWriter;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;
import java.util.zip.CRC32;

/**
 * The poller's figures on this machine, each next to a baseline measured in the same run:
 *
 * <ol>
 *   <li>throughput: device polls/s of the real poller (scheduler, HTTP client with retries,
 *       parsing, cursor journal) against the in-process simulator, vs. the simulator's raw served
 *       rate for the same requests from a plain HTTP client loop;
 *   <li>heap of 1,000,000 scheduled devices (schedule + cursors), vs. the heap before;
 *   <li>API calls per upload delivered and freshness (data visible in the API → fetched for Kafka),
 *       adaptive vs. polling every device every 5 minutes, on simulated time.
 * </ol>
 *
 * Kafka is replaced by a publisher that acknowledges at once, so that the figures are the poller's
 * and the API's; Kafka's acknowledgement adds milliseconds per page, not minutes.
 *
 * <p>Run: {@code mvn -o -q -pl bench -am install -DskipTests && java -Xmx1g -cp
 * "bench/target/classes:$(cat bench/target/bench-classpath.txt)"
 * io.devicetrail.bench.poller.PollerBenchmark [devices-for-throughput]}.
 */
public final class PollerBenchmark {
  private static final int CLIENT_THREADS = 16;

  public static void main(String[] args) throws Exception {
    int devices = args.length > 0 ? Integer.parseInt(args[0]) : 30_000;
    System.out.printf(
        "DeviceTrail poller benchmark, %d cores, max heap %d MB%n",
        Runtime.getRuntime().availableProcessors(), Runtime.getRuntime().maxMemory() >> 20);
    throughput(devices);
    heap(1_000_000);
    adaptiveVsFixed(300, Duration.ofHours(24));
  }

  // 1. Throughput -------------------------------------------------------------------------------

  private static void throughput(int devices) throws Exception {
    Instant now = Instant.now().truncatedTo(ChronoUnit.MINUTES).minus(Duration.ofHours(1));
    ManualClock clock = new ManualClock(now);
    Path state = Files.createTempDirectory("bench-poller");
    try (SimulatorServer sim =
        SimulatorServer.start(
            SimulatorConfig.builder()
                .seed(1)
                .deviceCount(devices)
                .clock(clock)
                .historyStart(now.minus(Duration.ofHours(2)))
                .build())) {
      double raw = rawServedRate(sim, clock.now().minus(Duration.ofMinutes(12)), devices);

      DiscardingPublisher publisher = new DiscardingPublisher(false);
      try (JournalCursorStore cursors = JournalCursorStore.open(state);
          Poller poller =
              new Poller(
                  PollerConfig.builder()
                      .concurrency(CLIENT_THREADS)
                      .signalInterval(Duration.ofMinutes(5), Duration.ofMinutes(10))
                      .activityInterval(Duration.ofHours(6), Duration.ofHours(24))
                      .build(),
                  new HttpVendorClient(
                      VendorApiConfig.builder(sim.baseUrl()).build(), ApiToken.of(sim.token())),
                  publisher,
                  cursors,
                  new FixedClock(clock))) {
        poller.runOnce(); // the device list and each device's history: warm-up
        clock.advance(Duration.ofMinutes(12));
        poller.runDue(); // signal only (activity is not due for hours): warm-up
        clock.advance(Duration.ofMinutes(12));
        long requests = sim.requestCount();
        long started = System.nanoTime();
        var round = poller.runDue();
        double seconds = (System.nanoTime() - started) / 1e9;
        long made = sim.requestCount() - requests;
        double polls = round.devicesPolled() / seconds;
        double rate = made / seconds;
        System.out.printf(
            "throughput: simulator raw served rate %.0f req/s (plain HttpClient loop, %d threads,"
                + " same requests)%n",
            raw, CLIENT_THREADS);
        System.out.printf(
            "throughput: poller %.0f device polls/s (%d devices, %d requests in %.2f s = %.0f"
                + " req/s) = %.0f%% of the raw served rate%n",
            polls, round.devicesPolled(), made, seconds, rate, 100 * rate / raw);
      }
    }
  }

  /** Signal requests for random devices since {@code since}, as fast as 16 threads can. */
  private static double rawServedRate(SimulatorServer sim, Instant since, int devices)
      throws Exception {
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    String base = sim.baseUrl() + "/v1/devices/";
    String query = "/signal?limit=1000&since=" + since;
    String auth = "Bearer " + sim.token();
    LongAdder done = new LongAdder();
    AtomicBoolean stop = new AtomicBoolean();
    List<Thread> threads = new ArrayList<>();
    List<String> ids = sim.fleet().deviceIds();
    for (int t = 0; t < CLIENT_THREADS; t++) {
      Thread thread =
          new Thread(
              () -> {
                while (!stop.get()) {
                  String id = ids.get(ThreadLocalRandom.current().nextInt(devices));
                  try {
                    HttpResponse<byte[]> r =
                        http.send(
                            HttpRequest.newBuilder(URI.create(base + id + query))
                                .header("Authorization", auth)
                                .build(),
                            HttpResponse.BodyHandlers.ofByteArray());
                    if (r.statusCode() == 200) {
                      done.increment();
                    }
                  } catch (Exception e) {
                    return;
                  }
                }
              });
      thread.start();
      threads.add(thread);
    }
    Thread.sleep(3000); // warm-up
    long before = done.sum();
    long started = System.nanoTime();
    Thread.sleep(8000);
    double rate = (done.sum() - before) / ((System.nanoTime() - started) / 1e9);
    stop.set(true);
    for (Thread t : threads) {
      t.join();
    }
    return rate;
  }

  // 2. Heap ---------------------------------------------------------------------------------

  private static void heap(int devices) throws Exception {
    Path state = Files.createTempDirectory("bench-heap");
    writeSnapshot(state.resolve("cursor-journal"), devices);
    long before = usedHeap();
    DeviceTable table = new DeviceTable(ScheduleSettings.adaptiveDefaults());
    String[] tenants = {"acme", "globex", "initech", "umbrella", "hooli"};
    long now = System.currentTimeMillis();
    for (int i = 0; i < devices; i++) {
      table.upsert(String.format("dev-%07d", i + 1), tenants[i % 5], 600, 1, now);
    }
    long tableOnly = usedHeap() - before;
    try (JournalCursorStore cursors = JournalCursorStore.open(state)) {
      long both = usedHeap() - before;
      System.out.printf(
          "heap: %,d scheduled devices: schedule %d MB + cursors %d MB = %d MB (%d bytes/device),"
              + " %.0f%% of the 512 MB target%n",
          table.size(),
          tableOnly >> 20,
          (both - tableOnly) >> 20,
          both >> 20,
          both / devices,
          100.0 * both / (512L << 20));
      if (cursors.size() != devices) {
        throw new IllegalStateException("cursors loaded: " + cursors.size());
      }
    }
  }

  /** A cursor snapshot in the documented format (header, then one CRC-checked line per device). */
  private static void writeSnapshot(Path dir, int devices) throws Exception {
    Files.createDirectories(dir);
    Instant ts = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    try (BufferedWriter out = Files.newBufferedWriter(dir.resolve("snapshot"))) {
      out.write("devicetrail-cursors 1 0\n");
      for (int i = 0; i < devices; i++) {
        String body = String.format("dev-%07d", i + 1) + " " + ts.minusSeconds(i % 7200) + " " + ts;
        CRC32 crc = new CRC32();
        crc.update(body.getBytes(StandardCharsets.UTF_8));
        out.write(String.format("%08x", crc.getValue()) + " " + body + "\n");
      }
    }
  }

  private static long usedHeap() throws InterruptedException {
    for (int i = 0; i < 3; i++) {
      System.gc();
      Thread.sleep(200);
    }
    return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
  }

  // 3. Adaptive vs fixed ---------------------------------------------------------------------

  private record Run(
      long calls, long uploads, long readings, double freshnessP50Min, double freshnessP95Min) {}

  private static void adaptiveVsFixed(int devices, Duration span) throws Exception {
    Run fixed =
        simulate(
            devices,
            span,
            PollerConfig.builder().adaptive(false).roundInterval(Duration.ofMinutes(5)).build());
    Run adaptive = simulate(devices, span, PollerConfig.builder().build());
    for (var e :
        List.of(new Object[] {"fixed 5 min", fixed}, new Object[] {"adaptive", adaptive})) {
      Run r = (Run) e[1];
      System.out.printf(
          "schedule %-11s: %d devices, %s simulated: %d API calls, %d uploads delivered (%d"
              + " readings): %.2f calls/upload; freshness (visible in API → fetched) p50 %.1f min,"
              + " p95 %.1f min%n",
          e[0],
          devices,
          span,
          r.calls,
          r.uploads,
          r.readings,
          (double) r.calls / r.uploads,
          r.freshnessP50Min,
          r.freshnessP95Min);
    }
    System.out.printf(
        "schedule: adaptive makes %.1f%% of the calls of fixed 5-minute polling (%.1fx fewer)"
            + " for the same %d readings%n",
        100.0 * adaptive.calls / fixed.calls,
        (double) fixed.calls / adaptive.calls,
        adaptive.readings);
  }

  private static Run simulate(int devices, Duration span, PollerConfig config) throws Exception {
    Instant start =
        Instant.now().minus(span).minus(Duration.ofHours(1)).truncatedTo(ChronoUnit.HOURS);
    ManualClock clock = new ManualClock(start);
    Path state = Files.createTempDirectory("bench-schedule");
    DiscardingPublisher publisher = new DiscardingPublisher(true);
    try (SimulatorServer sim =
            SimulatorServer.start(
                SimulatorConfig.builder()
                    .seed(5)
                    .deviceCount(devices)
                    .clock(clock)
                    .historyStart(start.minus(Duration.ofHours(1)))
                    .sleepRange(Duration.ofMinutes(10), Duration.ofDays(2))
                    .build());
        JournalCursorStore cursors = JournalCursorStore.open(state);
        Poller poller =
            new Poller(
                config,
                new HttpVendorClient(
                    VendorApiConfig.builder(sim.baseUrl()).build(), ApiToken.of(sim.token())),
                publisher,
                cursors,
                new FixedClock(clock))) {
      for (long m = 0; m < span.toMinutes(); m++) {
        clock.advance(Duration.ofMinutes(1));
        poller.runDue();
      }
      long calls = sim.requestCount();
      List<Double> freshness = new ArrayList<>();
      Set<String> uploads = new HashSet<>();
      long readings = 0;
      for (String id : sim.fleet().deviceIds()) {
        for (Reading r : sim.fleet().readingsVisible(id, clock.now())) {
          Instant fetched = publisher.firstFetched.get(id + "@" + r.ts());
          if (fetched == null || !r.valid()) {
            continue;
          }
          readings++;
          if (uploads.add(id + "@" + r.visibleAt())) {
            freshness.add(Duration.between(r.visibleAt(), fetched).toSeconds() / 60.0);
          }
        }
      }
      freshness.sort(Comparator.naturalOrder());
      return new Run(
          calls, uploads.size(), readings, percentile(freshness, 50), percentile(freshness, 95));
    }
  }

  private static double percentile(List<Double> sorted, int p) {
    if (sorted.isEmpty()) {
      return Double.NaN;
    }
    int rank = (int) Math.ceil(p / 100.0 * sorted.size());
    return sorted.get(Math.max(0, rank - 1));
  }

  /** The simulator's manual clock as the poller's clock. */
  private static final class FixedClock extends Clock {
    private final ManualClock clock;

    FixedClock(ManualClock clock) {
      this.clock = clock;
    }

    @Override
    public Instant instant() {
      return clock.now();
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }
  }
}
