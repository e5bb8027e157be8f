package io.devicetrail.poller;

import io.devicetrail.poller.cursor.FileCursorStore;
import io.devicetrail.poller.publish.KafkaEventPublisher;
import io.devicetrail.poller.vendor.ApiToken;
import io.devicetrail.poller.vendor.HttpVendorClient;
import io.devicetrail.poller.vendor.VendorApiConfig;
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
      description = "Directory of the durable per-device cursors (one poller per directory).")
  Path stateDir;

  @Option(
      names = "--round-interval",
      paramLabel = "DURATION",
      defaultValue = "30s",
      converter = DurationConverter.class,
      description = "Time from the start of one polling round to the start of the next.")
  Duration roundInterval;

  @Option(
      names = "--concurrency",
      paramLabel = "N",
      defaultValue = "16",
      description = "Devices polled at the same time.")
  int concurrency;

  @Option(
      names = "--device-list-interval",
      paramLabel = "DURATION",
      defaultValue = "10m",
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
          "Run one round (device list and every device), then exit. Default: off, rounds run"
              + " until the process is stopped.")
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

  PollerMain(Map<String, String> environment, Properties configFile) {
    this.environment = environment;
    this.configFile = configFile;
  }

  public static void main(String[] args) {
    System.exit(execute(args, System.getenv()));
  }

  /** Runs the command as {@link #main} does, with {@code environment} instead of the real one. */
  static int execute(String[] args, Map<String, String> environment) {
    Properties file;
    try {
      file = ConfigDefaults.load(ConfigDefaults.configFile(args, environment));
    } catch (IOException e) {
      System.err.println("error: cannot read the config file: " + e.getMessage());
      return 2;
    }
    return commandLine(environment, file).execute(args);
  }

  static CommandLine commandLine(Map<String, String> environment, Properties configFile) {
    CommandLine cmd = new CommandLine(new PollerMain(environment, configFile));
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
    PollerConfig pollerConfig =
        PollerConfig.builder()
            .roundInterval(roundInterval)
            .concurrency(concurrency)
            .deviceListInterval(deviceListInterval)
            .pageLimit(pageSize)
            .build();
    VendorApiConfig apiConfig =
        VendorApiConfig.builder(apiUrl)
            .requestTimeout(requestTimeout)
            .maxAttempts(maxAttempts)
            .build();
    ApiToken token = ApiToken.resolve(apiTokenFile, environment);
    Properties kafkaOverrides = ConfigDefaults.load(kafkaConfig);

    CountDownLatch finished = new CountDownLatch(1);
    try (FileCursorStore cursors = FileCursorStore.open(stateDir);
        KafkaEventPublisher publisher = KafkaEventPublisher.create(kafkaBootstrap, kafkaOverrides);
        Poller poller =
            new Poller(
                pollerConfig,
                new HttpVendorClient(apiConfig, token),
                publisher,
                cursors,
                Clock.systemUTC());
        AutoCloseable progress = reportProgress(poller.stats())) {
      LOG.info(
          "polling {} into Kafka {} (state {}, every {}, {} at a time)",
          apiUrl,
          kafkaBootstrap,
          stateDir.toAbsolutePath(),
          roundInterval.toString().substring(2).toLowerCase(java.util.Locale.ROOT),
          concurrency);
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
    } finally {
      finished.countDown();
    }
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
