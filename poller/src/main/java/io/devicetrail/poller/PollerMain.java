package io.devicetrail.poller;

import io.devicetrail.poller.cursor.CursorStore;
import io.devicetrail.poller.cursor.CursorTopic;
import io.devicetrail.poller.cursor.DeviceCursor;
import io.devicetrail.poller.cursor.JournalCursorStore;
import io.devicetrail.poller.cursor.PublishingCursorStore;
import io.devicetrail.poller.metrics.KafkaProbe;
import io.devicetrail.poller.metrics.MetricsServer;
import io.devicetrail.poller.metrics.PollerHealth;
import io.devicetrail.poller.metrics.PollerMetrics;
import io.devicetrail.poller.publish.KafkaEventPublisher;
import io.devicetrail.poller.shard.ShardAssignment;
import io.devicetrail.poller.vendor.ApiToken;
import io.devicetrail.poller.vendor.HttpVendorClient;
import io.devicetrail.poller.vendor.VendorApiConfig;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** The poller as a command: {@code java -jar devicetrail-poller.jar --help}. */
@Command(
    name = "devicetrail-poller",
    mixinStandardHelpOptions = true,
    versionProvider = PollerMain.Version.class,
    showDefaultValues = true,
    sortOptions = false,
    usageHelpAutoWidth = true,
    description = {
      "Polls the vendor device API and publishes device snapshots, signal readings and activity"
          + " events to Kafka (devicetrail.device.v1, .signal.v1, .activity.v1; rejects to"
          + " devicetrail.deadletter.v1)."
    },
    footer = {
      "",
      "Every option can also be set by an environment variable DEVICETRAIL_POLLER_<OPTION>"
          + " (--round-interval is DEVICETRAIL_POLLER_ROUND_INTERVAL) or by a line"
          + " <option>=<value> in the --config file (round-interval=30s); the command line wins"
          + " over the environment, which wins over the file.",
      "The API token comes from --api-token-file, else from DEVICETRAIL_API_TOKEN.",
      "Durations: 500ms, 30s, 10m, 2h, 1d or ISO-8601 (PT30S).",
      "Exit status: 0 done (with --once: nothing failed), 1 failed, 2 bad options."
    })
public final class PollerMain implements Callable<Integer> {
  private static final Logger LOG = LoggerFactory.getLogger(PollerMain.class);

  @Spec CommandSpec spec;

  @Option(
      names = "--api-url",
      paramLabel = "URL",
      defaultValue = "http://127.0.0.1:8080",
      description = "Base URL of the vendor device API (without /v1).")
  URI apiUrl;

  @Option(
      names = "--api-token-file",
      paramLabel = "FILE",
      description =
          "File holding the API bearer token. Default: none, the token is then read from"
              + " DEVICETRAIL_API_TOKEN.")
  Path apiTokenFile;

  @Option(
      names = "--kafka-bootstrap",
      paramLabel = "HOST:PORT[,…]",
      defaultValue = "127.0.0.1:9092",
      description = "Kafka bootstrap servers.")
  String kafkaBootstrap;

  @Option(
      names = "--kafka-config",
      paramLabel = "FILE",
      description =
          "Extra Kafka producer properties (for example security.protocol, sasl.*); they win"
              + " over the poller's own settings. Default: none.")
  Path kafkaConfig;

  @Option(
      names = "--state-dir",
      paramLabel = "DIR",
      defaultValue = "poller-state",
      description =
          "Directory of the durable cursors (cursor-journal/; one poller per directory). An old"
              + " cursors/ directory (one file per device) is migrated on start.")
  Path stateDir;

  @Option(
      names = "--schedule",
      paramLabel = "adaptive|fixed",
      defaultValue = "adaptive",
      description =
          "adaptive: each device is polled when new data is likely (learned upload rhythm, within"
              + " the interval floors and ceilings); fixed: every device every --round-interval.")
  String schedule;

  @Option(
      names = "--round-interval",
      paramLabel = "DURATION",
      defaultValue = "30s",
      converter = DurationConverter.class,
      description = "With --schedule fixed: time between two polls of a device.")
  Duration roundInterval;

  @Option(
      names = "--signal-interval-min",
      paramLabel = "DURATION",
      defaultValue = "5m",
      converter = DurationConverter.class,
      description = "Adaptive: shortest time between two signal polls of a device.")
  Duration signalIntervalMin;

  @Option(
      names = "--signal-interval-max",
      paramLabel = "DURATION",
      defaultValue = "60m",
      converter = DurationConverter.class,
      description = "Adaptive: longest time between two signal polls of a device.")
  Duration signalIntervalMax;

  @Option(
      names = "--activity-interval-min",
      paramLabel = "DURATION",
      defaultValue = "1h",
      converter = DurationConverter.class,
      description = "Adaptive: shortest time between two activity polls of a device.")
  Duration activityIntervalMin;

  @Option(
      names = "--activity-interval-max",
      paramLabel = "DURATION",
      defaultValue = "24h",
      converter = DurationConverter.class,
      description = "Adaptive: longest time between two activity polls of a device.")
  Duration activityIntervalMax;

  @Option(
      names = "--initial-spread",
      paramLabel = "DURATION",
      defaultValue = "5m",
      converter = DurationConverter.class,
      description =
          "New devices, and every device after a restart, are first polled at a random moment"
              + " within this window (no thundering herd).")
  Duration initialSpread;

  @Option(
      names = "--shard-index",
      paramLabel = "N|POD-NAME",
      defaultValue = "0",
      description =
          "This replica's shard: a number, or a StatefulSet pod name like devicetrail-poller-3.")
  String shardIndex;

  @Option(
      names = "--shard-count",
      paramLabel = "N",
      defaultValue = "1",
      description = "Number of poller replicas that split the fleet (rendezvous hashing).")
  int shardCount;

  @Option(
      names = "--cursor-topic",
      paramLabel = "true|false",
      defaultValue = "true",
      arity = "1",
      description =
          "Publish every saved cursor to the compacted topic devicetrail.poller.cursors.v1 and"
              + " adopt newer cursors from it at start, so that a device moving to another"
              + " replica resumes exactly.")
  boolean cursorTopic;

  @Option(
      names = "--metrics-port",
      paramLabel = "PORT",
      defaultValue = "9404",
      description = "Port of GET /metrics (Prometheus) and GET /health; 0 disables them.")
  int metricsPort;

  @Option(
      names = "--max-requests-per-second",
      paramLabel = "N",
      defaultValue = "100",
      description =
          "The vendor's rate limit: requests started per second, retries included (0:"
              + " no limit).")
  double maxRequestsPerSecond;

  @Option(
      names = "--max-in-flight",
      paramLabel = "N",
      defaultValue = "32",
      description = "The vendor's concurrency limit: requests open at once (0: no limit).")
  int maxInFlight;

  @Option(
      names = "--circuit-open-duration",
      paramLabel = "DURATION",
      defaultValue = "30s",
      converter = DurationConverter.class,
      description =
          "When half of the last 50 requests failed (5xx, timeout, connection), no request is"
              + " made for this long; then a few trial requests decide.")
  Duration circuitOpenDuration;

  @Option(
      names = "--concurrency",
      paramLabel = "N",
      defaultValue = "16",
      description = "Devices polled at the same time.")
  int concurrency;

  @Option(
      names = "--device-list-interval",
      paramLabel = "DURATION",
      defaultValue = "1h",
      converter = DurationConverter.class,
      description = "How often the device list is fetched again.")
  Duration deviceListInterval;

  @Option(
      names = "--page-size",
      paramLabel = "N",
      defaultValue = "1000",
      description = "limit of each signal and activity request (at most 5000).")
  int pageSize;

  @Option(
      names = "--request-timeout",
      paramLabel = "DURATION",
      defaultValue = "30s",
      converter = DurationConverter.class,
      description = "Timeout of one HTTP request to the vendor API.")
  Duration requestTimeout;

  @Option(
      names = "--max-attempts",
      paramLabel = "N",
      defaultValue = "5",
      description =
          "Attempts per vendor API call for 429, 5xx, timeouts and malformed bodies (with"
              + " jittered exponential backoff, or Retry-After).")
  int maxAttempts;

  @Option(
      names = "--progress-interval",
      paramLabel = "DURATION",
      defaultValue = "10s",
      converter = DurationConverter.class,
      description = "How often to log the counters (0s: never).")
  Duration progressInterval;

  @Option(
      names = "--once",
      defaultValue = "false",
      description =
          "Poll the device list and every device of the shard once, then exit. Default: off,"
              + " devices are polled as they fall due until the process is stopped.")
  boolean once;

  @Option(
      names = "--config",
      paramLabel = "FILE",
      description =
          "Properties file with option values (option=value). Default: none, or"
              + " DEVICETRAIL_POLLER_CONFIG.")
  Path config;

  private final Map<String, String> environment;
  private final Properties configFile;
  private final Clock clock;

  PollerMain(Map<String, String> environment, Properties configFile, Clock clock) {
    this.environment = environment;
    this.configFile = configFile;
    this.clock = clock;
  }

  public static void main(String[] args) {
    System.exit(execute(args, System.getenv(), Clock.systemUTC()));
  }

  /**
   * Runs the command as {@link #main} does, with {@code environment} instead of the real one and
   * {@code clock} for the poller's time ({@code fetched_at}, schedules).
   */
  static int execute(String[] args, Map<String, String> environment, Clock clock) {
    Properties file;
    try {
      file = ConfigDefaults.load(ConfigDefaults.configFile(args, environment));
    } catch (IOException e) {
      System.err.println("error: cannot read the config file: " + e.getMessage());
      return 2;
    }
    return commandLine(environment, file, clock).execute(args);
  }

  static CommandLine commandLine(Map<String, String> environment, Properties configFile) {
    return commandLine(environment, configFile, Clock.systemUTC());
  }

  static CommandLine commandLine(
      Map<String, String> environment, Properties configFile, Clock clock) {
    CommandLine cmd = new CommandLine(new PollerMain(environment, configFile, clock));
    cmd.setDefaultValueProvider(new ConfigDefaults(environment, configFile));
    cmd.setExecutionExceptionHandler(
        (e, commandLine, parseResult) -> {
          if (e instanceof ParameterException) {
            commandLine.getErr().println("error: " + e.getMessage());
            return 2;
          }
          if (e instanceof IllegalArgumentException
              || e instanceof IllegalStateException
              || e instanceof IOException) {
            commandLine.getErr().println("error: " + e.getMessage());
          } else {
            LOG.error("poller failed", e);
          }
          return 1;
        });
    return cmd;
  }

  @Override
  public Integer call() throws Exception {
    checkConfigFileKeys();
    ShardAssignment shard = shard();
    if (!schedule.equals("adaptive") && !schedule.equals("fixed")) {
      throw new ParameterException(
          spec.commandLine(), "--schedule must be adaptive or fixed, got '" + schedule + "'");
    }
    if (metricsPort < 0 || metricsPort > 65535) {
      throw new ParameterException(spec.commandLine(), "--metrics-port must be within 0-65535");
    }
    PollerConfig pollerConfig =
        PollerConfig.builder()
            .adaptive(schedule.equals("adaptive"))
            .roundInterval(roundInterval)
            .signalInterval(signalIntervalMin, signalIntervalMax)
            .activityInterval(activityIntervalMin, activityIntervalMax)
            .initialSpread(initialSpread)
            .concurrency(concurrency)
            .deviceListInterval(deviceListInterval)
            .pageLimit(pageSize)
            .build();
    VendorApiConfig apiConfig =
        VendorApiConfig.builder(apiUrl)
            .requestTimeout(requestTimeout)
            .maxAttempts(maxAttempts)
            .maxRequestsPerSecond(maxRequestsPerSecond)
            .maxInFlight(maxInFlight)
            .breakerOpenFor(circuitOpenDuration)
            .build();
    ApiToken token = ApiToken.resolve(apiTokenFile, environment);
    Properties kafkaOverrides = ConfigDefaults.load(kafkaConfig);
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    registry.config().commonTags("shard", shard.toString());
    new JvmMemoryMetrics().bindTo(registry);
    new ProcessorMetrics().bindTo(registry);

    CountDownLatch finished = new CountDownLatch(1);
    try (JournalCursorStore journal = JournalCursorStore.open(stateDir);
        KafkaEventPublisher publisher = KafkaEventPublisher.create(kafkaBootstrap, kafkaOverrides);
        KafkaProbe kafkaProbe =
            new KafkaProbe(kafkaBootstrap, kafkaOverrides, Duration.ofSeconds(5))) {
      CursorStore cursors = journal;
      if (cursorTopic) {
        CursorTopicSetup.ensureTopic(kafkaBootstrap, kafkaOverrides);
        Map<String, DeviceCursor> published =
            CursorTopic.read(kafkaBootstrap, kafkaOverrides, shard::owns, Duration.ofMinutes(2));
        int adopted = CursorTopic.adopt(journal, published);
        LOG.info(
            "cursor topic: {} cursors of shard {}, {} newer than the local ones adopted",
            published.size(),
            shard,
            adopted);
        cursors = new PublishingCursorStore(journal, publisher, shard.toString(), clock);
      }
      try (Poller poller =
              new Poller(
                  pollerConfig,
                  new HttpVendorClient(apiConfig, token, registry),
                  publisher,
                  cursors,
                  clock,
                  shard);
          AutoCloseable progress = reportProgress(poller.stats());
          AutoCloseable metrics = serveMetrics(registry, poller, kafkaProbe)) {
        PollerMetrics.bind(registry, poller, clock, Duration.ofMinutes(5));
        LOG.info(
            "polling {} into Kafka {} (state {}, shard {}, {} schedule, {} at a time, at most {}"
                + " requests/s and {} in flight)",
            apiUrl,
            kafkaBootstrap,
            stateDir.toAbsolutePath(),
            shard,
            schedule,
            concurrency,
            maxRequestsPerSecond == 0 ? "unlimited" : maxRequestsPerSecond,
            maxInFlight == 0 ? "unlimited" : maxInFlight);
        if (once) {
          RoundResult result = poller.runOnce();
          LOG.info("done: {}", poller.stats().summary());
          return result.isClean() ? 0 : 1;
        }
        Thread hook =
            new Thread(
                () -> {
                  LOG.info("stopping");
                  poller.close();
                  awaitQuietly(finished);
                },
                "poller-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        poller.run();
        LOG.info("stopped: {}", poller.stats().summary());
        return 0;
      }
    } finally {
      finished.countDown();
    }
  }

  private ShardAssignment shard() {
    try {
      return new ShardAssignment(ShardAssignment.parseIndex(shardIndex), shardCount);
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), e.getMessage());
    }
  }

  private AutoCloseable serveMetrics(
      PrometheusMeterRegistry registry, Poller poller, KafkaProbe kafka) throws IOException {
    if (metricsPort == 0) {
      return () -> {};
    }
    PollerHealth health = new PollerHealth(poller, kafka::reachable, Duration.ofSeconds(60));
    MetricsServer server = MetricsServer.start(metricsPort, registry, health::check);
    LOG.info("metrics at http://0.0.0.0:{}/metrics, health at /health", server.port());
    return server;
  }

  private void checkConfigFileKeys() {
    for (String key : configFile.stringPropertyNames()) {
      OptionSpec option = spec.findOption("--" + key);
      if (option == null || option.usageHelp() || option.versionHelp()) {
        throw new ParameterException(
            spec.commandLine(), "unknown option '" + key + "' in the config file");
      }
    }
  }

  private AutoCloseable reportProgress(PollerStats stats) {
    if (progressInterval.isZero() || progressInterval.isNegative()) {
      return () -> {};
    }
    ScheduledExecutorService timer =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "poller-progress");
              t.setDaemon(true);
              return t;
            });
    long millis = progressInterval.toMillis();
    timer.scheduleAtFixedRate(
        () -> LOG.info("progress: {}", stats.summary()), millis, millis, TimeUnit.MILLISECONDS);
    return timer::shutdownNow;
  }

  /** The version from the jar's manifest. */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      String version = PollerMain.class.getPackage().getImplementationVersion();
      return new String[] {"devicetrail-poller " + (version == null ? "(development)" : version)};
    }
  }

  private static void awaitQuietly(CountDownLatch latch) {
    try {
      latch.await(60, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
