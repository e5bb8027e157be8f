package io.devicetrail.local;

import io.devicetrail.jobs.JobSettings;
import io.devicetrail.jobs.LocalJobRunner;
import io.devicetrail.jobs.ProductionWiring;
import io.devicetrail.localservices.LocalServices;
import io.devicetrail.localservices.PostgresOptions;
import io.devicetrail.poller.Poller;
import io.devicetrail.poller.PollerConfig;
import io.devicetrail.poller.cursor.JournalCursorStore;
import io.devicetrail.poller.publish.KafkaEventPublisher;
import io.devicetrail.poller.vendor.ApiToken;
import io.devicetrail.poller.vendor.HttpVendorClient;
import io.devicetrail.poller.vendor.VendorApiConfig;
import io.devicetrail.simulator.ScaledClock;
import io.devicetrail.simulator.SimulatorConfig;
import io.devicetrail.simulator.SimulatorServer;
import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.JobClient;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The README's first command: the whole pipeline on this machine. Starts real Kafka, an
 * S3-compatible server and PostgreSQL, the device simulator (unless --api-url names a real vendor
 * API), the poller and the job on an embedded Flink MiniCluster; prints progress until --duration
 * has passed or Ctrl-C, then stops everything.
 */
@Command(
    name = "devicetrail run",
    mixinStandardHelpOptions = true,
    version = "devicetrail 0.1.0",
    sortOptions = false,
    description =
        "Runs the whole DeviceTrail pipeline locally: simulator -> poller -> Kafka -> Flink job -> S3 + PostgreSQL.")
public final class LocalRun implements Callable<Integer> {

  @Option(
      names = "--duration",
      converter = Durations.class,
      description =
          "Stop by itself after this long (e.g. 90s, 10m, 2h). Default: run until Ctrl-C.")
  Duration duration;

  @Option(
      names = "--data-dir",
      description =
          "Keep everything here (Kafka log, databases, bucket, checkpoints, poller cursors);"
              + " a rerun resumes where the last run stopped. Default: a temporary folder, deleted at exit.")
  Path dataDir;

  @Option(
      names = "--api-url",
      description =
          "Poll this vendor API instead of starting the built-in simulator. Default: the simulator.")
  URI apiUrl;

  @Option(
      names = "--api-token-file",
      description = "File with the bearer token for --api-url (or env DEVICETRAIL_API_TOKEN).")
  Path apiTokenFile;

  @Option(
      names = "--devices",
      defaultValue = "2000",
      description = "Simulated devices. Default: ${DEFAULT-VALUE}")
  int devices;

  @Option(
      names = "--seed",
      defaultValue = "42",
      description = "Simulator seed. Default: ${DEFAULT-VALUE}")
  long seed;

  @Option(
      names = "--replay",
      defaultValue = "90s",
      converter = Durations.class,
      description =
          "How long the simulated history (--history) takes to replay; then device time runs at the"
              + " wall clock's pace and the poller follows its adaptive schedule. Default: ${DEFAULT-VALUE}")
  Duration replay;

  @Option(
      names = "--history",
      defaultValue = "2d",
      converter = Durations.class,
      description =
          "How far behind the real clock the simulated clock starts. Default: ${DEFAULT-VALUE}")
  Duration history;

  @Option(
      names = "--bad-reading-rate",
      defaultValue = "0.001",
      description =
          "Share of simulated readings with out-of-range values (they must be dead-lettered). Default: ${DEFAULT-VALUE}")
  double badReadingRate;

  @Option(
      names = "--poll-interval",
      defaultValue = "5s",
      converter = Durations.class,
      description =
          "While the history replays: the wall-clock time between two polls of a device. Default: ${DEFAULT-VALUE}")
  Duration pollInterval;

  @Option(
      names = "--checkpoint-interval",
      defaultValue = "10s",
      converter = Durations.class,
      description =
          "Flink checkpoint interval; archive files appear at checkpoints. Default: ${DEFAULT-VALUE}")
  Duration checkpointInterval;

  @Option(
      names = "--parallelism",
      defaultValue = "2",
      description = "Flink parallelism. Default: ${DEFAULT-VALUE}")
  int parallelism;

  @Option(
      names = "--progress-interval",
      defaultValue = "5s",
      converter = Durations.class,
      description = "How often to print progress. Default: ${DEFAULT-VALUE}")
  Duration progressInterval;

  @Option(
      names = "--web-port",
      defaultValue = "8088",
      description = "Port of the support pages (0 picks a free one). Default: ${DEFAULT-VALUE}")
  int webPort;

  @Option(
      names = "--plugins-dir",
      defaultValue = "${sys:devicetrail.plugins.dir:-local/target/plugins}",
      description = "Flink plugins folder holding s3-fs-hadoop/. Default: ${DEFAULT-VALUE}")
  Path pluginsDir;

  private final PrintStream out;
  private final Deque<AutoCloseable> toClose = new ArrayDeque<>();
  private final CountDownLatch stop = new CountDownLatch(1);

  public LocalRun() {
    this(System.out);
  }

  /** A run that prints its progress to {@code out} (tests read it). */
  LocalRun(PrintStream out) {
    this.out = out;
  }

  public static void main(String[] args) {
    System.exit(new CommandLine(new LocalRun()).execute(args));
  }

  @Override
  public Integer call() throws Exception {
    Thread hook = new Thread(this::onCtrlC, "devicetrail-shutdown");
    Runtime.getRuntime().addShutdownHook(hook);
    try {
      return runPipeline();
    } finally {
      closeAll();
      try {
        Runtime.getRuntime().removeShutdownHook(hook);
      } catch (IllegalStateException alreadyShuttingDown) {
        // Ctrl-C: the hook is running and waits for closeAll above.
      }
    }
  }

  private final CountDownLatch closed = new CountDownLatch(1);

  private void onCtrlC() {
    out.println("devicetrail: stopping (Ctrl-C) ...");
    stop.countDown();
    try {
      closed.await(60, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private int runPipeline() throws Exception {
    boolean keep = dataDir != null;
    Path root = keep ? dataDir.toAbsolutePath() : Files.createTempDirectory("devicetrail-");
    Files.createDirectories(root);
    if (!keep) {
      toClose.push(() -> TempDirs.delete(root));
    }
    out.println(
        "devicetrail: data in " + root + (keep ? " (kept; a rerun resumes)" : " (temporary)"));

    LocalServices services =
        LocalServices.start(
            root.resolve("services"),
            keep ? PostgresOptions.durable() : PostgresOptions.fastForTests());
    // This run's own hook stops the job before the services it writes to.
    services.removeShutdownHook();
    toClose.push(services);
    LocalStores stores = LocalStores.prepare(services, 4);
    String supportUrl = stores.supportUrl();

    // The job, resuming from the newest retained checkpoint if the data dir has one.
    JobSettings settings =
        stores.jobSettings("devicetrail-job", 3).checkpointInterval(checkpointInterval).build();
    LocalJobRunner runner =
        stores.jobRunner(
            pluginsDir.toAbsolutePath(),
            root.resolve("flink-checkpoints"),
            parallelism,
            new Configuration());
    JobClient job =
        runner.start(
            ProductionWiring.sources(settings), ProductionWiring.sinks(settings), settings);
    // The newest checkpoint stays behind (RETAIN_ON_CANCELLATION) for the next run to resume.
    toClose.push(() -> LocalJobRunner.cancel(job, Duration.ofSeconds(60)));

    // The vendor API: the built-in simulator, or a real one. Started once the job runs, so that the
    // replay of the simulated history begins when the poller does.
    URI api;
    ApiToken token;
    Supplier<Instant> simulatedNow;
    ScaledClock clock = null;
    if (apiUrl == null) {
      SimulatorAnchor anchor =
          SimulatorAnchor.loadOrCreate(
              root.resolve("simulator"), seed, devices, history, replaySpeed(), Instant.now());
      clock = new ScaledClock(anchor.simulatedNow(Instant.now()), anchor.speed());
      SimulatorServer simulator =
          SimulatorServer.start(
              SimulatorConfig.builder()
                  .seed(anchor.seed())
                  .deviceCount(anchor.devices())
                  .clock(clock)
                  .historyStart(anchor.historyStart())
                  .badReadingRate(badReadingRate)
                  .build());
      toClose.push(simulator);
      api = simulator.baseUrl();
      token = ApiToken.of(simulator.token());
      simulatedNow = clock::now;
    } else {
      api = apiUrl;
      token = ApiToken.resolve(apiTokenFile, System.getenv());
      simulatedNow = () -> null;
    }

    // The poller, with cursors in the data dir; fetched_at in device time, the simulator's clock.
    KafkaEventPublisher publisher =
        KafkaEventPublisher.create(services.kafka().bootstrapServers(), new Properties());
    toClose.push(publisher);
    JournalCursorStore cursors = JournalCursorStore.open(root.resolve("poller"));
    toClose.push(cursors);
    HttpVendorClient vendor = new HttpVendorClient(VendorApiConfig.builder(api).build(), token);
    Clock pollerClock = clock == null ? Clock.systemUTC() : clock.asClock();
    ScaledClock deviceTime = clock;
    PollingPhases polling =
        new PollingPhases(
            config -> new Poller(config, vendor, publisher, cursors, pollerClock),
            deviceTime == null ? null : replayRounds(deviceTime.speed()),
            // Every device was polled during the replay: the adaptive schedule may start soon.
            PollerConfig.builder()
                .deviceListInterval(Duration.ofMinutes(5))
                .initialSpread(Duration.ofSeconds(30))
                .build(),
            deviceTime == null ? () -> true : deviceTime::caughtUp,
            out::println);
    toClose.push(polling);
    polling.start();

    SupportPages pages =
        SupportPages.start(
            root.resolve("web"),
            services.postgres(),
            LocalStores.SUPPORT_DB,
            apiUrl == null ? SimulatorConfig.DEFAULT_TENANTS : List.of(),
            webPort);
    toClose.push(pages);

    out.println();
    out.println("How to reach every store:");
    out.println(services.describe());
    out.println(
        "  vendor API: "
            + api
            + (apiUrl == null ? " (built-in simulator, " + devices + " devices)" : ""));
    out.println(
        "  support pages: "
            + pages.url()
            + " (sign in with a token from "
            + pages.tokensFile()
            + ")");
    out.println(
        "  read API: "
            + pages.url()
            + "api/v1/ (Authorization: Bearer <token from that file>; description at "
            + pages.url()
            + "api/v1/openapi.json)");
    out.println("  archive:    " + stores.archivePath() + "/{signal,activity}/date=YYYY-MM-DD/");
    out.println("  warehouse stand-in database: " + stores.warehouseUrl());
    out.println(
        "  checkpoints: "
            + root.resolve("flink-checkpoints")
            + "; poller cursors: "
            + root.resolve("poller"));
    out.println();

    try (ProgressReporter progress =
        new ProgressReporter(
            out,
            polling::stats,
            simulatedNow,
            settings.archivePath(),
            supportUrl,
            stores.warehouseUrl(),
            services.postgres().user(),
            services.postgres().password(),
            services.kafka().bootstrapServers())) {
      Instant deadline = duration == null ? Instant.MAX : Instant.now().plus(duration);
      while (Instant.now().isBefore(deadline)) {
        long waitMs =
            Math.min(
                progressInterval.toMillis(),
                Math.max(1, Duration.between(Instant.now(), deadline).toMillis()));
        if (stop.await(waitMs, TimeUnit.MILLISECONDS)) {
          break;
        }
        if (job.getJobStatus().get().isGloballyTerminalState()) {
          out.println("devicetrail: the job ended (" + job.getJobStatus().get() + "); stopping");
          return 1;
        }
        progress.report();
      }
      progress.report();
    }
    out.println("devicetrail: stopping");
    return 0;
  }

  /**
   * Simulated time runs {@code history ÷ replay} times faster than the wall clock until it catches
   * up with it.
   */
  private double replaySpeed() {
    if (replay.isZero() || replay.isNegative()) {
      throw new CommandLine.ParameterException(
          new CommandLine(this), "--replay must be positive, was " + replay);
    }
    return Math.max(1.0, (double) history.toMillis() / replay.toMillis());
  }

  /**
   * Fixed rounds in device time: one poll of every device every --poll-interval of wall-clock time
   * (its length in device time is that times the speed), the device list every 12 rounds.
   */
  private PollerConfig replayRounds(double speed) {
    Duration round = Duration.ofMillis((long) (pollInterval.toMillis() * speed));
    return PollerConfig.builder()
        .adaptive(false)
        .roundInterval(round)
        .deviceListInterval(round.multipliedBy(12))
        .build();
  }

  private void closeAll() {
    while (!toClose.isEmpty()) {
      try {
        toClose.pop().close();
      } catch (Exception e) {
        out.println("devicetrail: while stopping: " + e);
      }
    }
    closed.countDown();
  }
}
