package io.devicetrail.simulator;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code java -jar devicetrail-simulator.jar}: serves the vendor device API for a simulated fleet
 * until stopped (or for {@code --duration}). Every option can also come from the environment
 * variable named in its description, or from an argument file ({@code @file}, one option per line).
 */
@Command(
    name = "devicetrail-simulator",
    mixinStandardHelpOptions = true,
    version = "devicetrail-simulator 0.1.0",
    sortOptions = false,
    description = {
      "Serves the vendor device API (CONTRACT §1) for a deterministic simulated fleet of low-power"
          + " devices: GET /v1/devices, /v1/devices/{id}/signal, /v1/devices/{id}/activity.",
      ""
    },
    footer = {
      "",
      "Options can also be read from a file: devicetrail-simulator @sim.args (one option per line).",
      "The token comes from --token-file, else the environment variable DEVICETRAIL_SIM_TOKEN, else the"
          + " public local development token '"
          + SimulatorConfig.LOCAL_DEV_TOKEN
          + "' (local runs only)."
    })
public final class SimulatorMain implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Option(
      names = "--port",
      defaultValue = "${env:DEVICETRAIL_SIM_PORT:-8089}",
      description =
          "Port to listen on; 0 picks a free one (env DEVICETRAIL_SIM_PORT). Default: ${DEFAULT-VALUE}.")
  int port;

  @Option(
      names = "--bind",
      defaultValue = "${env:DEVICETRAIL_SIM_BIND:-127.0.0.1}",
      description = "Address to listen on (env DEVICETRAIL_SIM_BIND). Default: ${DEFAULT-VALUE}.")
  String bind;

  @Option(
      names = "--devices",
      defaultValue = "${env:DEVICETRAIL_SIM_DEVICES:-1000}",
      description =
          "Number of simulated devices (env DEVICETRAIL_SIM_DEVICES). Default: ${DEFAULT-VALUE}.")
  int devices;

  @Option(
      names = "--seed",
      defaultValue = "${env:DEVICETRAIL_SIM_SEED:-42}",
      description =
          "Seed of the fleet: the same seed gives the same fleet (env DEVICETRAIL_SIM_SEED). Default: ${DEFAULT-VALUE}.")
  long seed;

  @Option(
      names = "--tenants",
      split = ",",
      defaultValue = "${env:DEVICETRAIL_SIM_TENANTS:-acme,globex,initech,umbrella,hooli}",
      description =
          "Tenant ids, comma-separated; devices are spread over them (env DEVICETRAIL_SIM_TENANTS). Default: ${DEFAULT-VALUE}.")
  List<String> tenants;

  @Option(
      names = "--token-file",
      defaultValue = "${env:DEVICETRAIL_SIM_TOKEN_FILE}",
      description =
          "File holding the bearer token clients must send (env DEVICETRAIL_SIM_TOKEN_FILE). Default: none (see below).")
  Path tokenFile;

  @Option(
      names = "--start",
      defaultValue = "${env:DEVICETRAIL_SIM_START}",
      description =
          "Simulated time at startup, RFC 3339; overrides --start-ago and makes runs repeatable (env DEVICETRAIL_SIM_START). Default: none.")
  Instant start;

  @Option(
      names = "--start-ago",
      defaultValue = "${env:DEVICETRAIL_SIM_START_AGO:-2d}",
      converter = DurationConverter.class,
      description =
          "Simulated time at startup, as a distance before the wall clock (env DEVICETRAIL_SIM_START_AGO). Default: ${DEFAULT-VALUE}.")
  Duration startAgo;

  @Option(
      names = "--speed",
      defaultValue = "${env:DEVICETRAIL_SIM_SPEED:-60}",
      description =
          "Simulated seconds per real second until the simulated clock reaches the wall clock; then 1 (env DEVICETRAIL_SIM_SPEED). Default: ${DEFAULT-VALUE}.")
  double speed;

  @Option(
      names = "--history",
      defaultValue = "${env:DEVICETRAIL_SIM_HISTORY:-1d}",
      converter = DurationConverter.class,
      description =
          "How long before the simulated start the devices' history begins; keep under 400 days (env DEVICETRAIL_SIM_HISTORY). Default: ${DEFAULT-VALUE}.")
  Duration history;

  @Option(
      names = "--bad-reading-rate",
      defaultValue = "${env:DEVICETRAIL_SIM_BAD_READING_RATE:-0}",
      description =
          "Share of readings deliberately out of contract range, 0..1 (env DEVICETRAIL_SIM_BAD_READING_RATE). Default: ${DEFAULT-VALUE}.")
  double badReadingRate;

  @Option(
      names = "--error-rate",
      defaultValue = "${env:DEVICETRAIL_SIM_ERROR_RATE:-0}",
      description =
          "Share of requests answered 500 or 503, 0..1 (env DEVICETRAIL_SIM_ERROR_RATE). Default: ${DEFAULT-VALUE}.")
  double errorRate;

  @Option(
      names = "--throttle-rate",
      defaultValue = "${env:DEVICETRAIL_SIM_THROTTLE_RATE:-0}",
      description =
          "Share of requests answered 429 with Retry-After, 0..1 (env DEVICETRAIL_SIM_THROTTLE_RATE). Default: ${DEFAULT-VALUE}.")
  double throttleRate;

  @Option(
      names = "--retry-after",
      defaultValue = "${env:DEVICETRAIL_SIM_RETRY_AFTER:-1s}",
      converter = DurationConverter.class,
      description =
          "Retry-After of a 429, whole seconds (env DEVICETRAIL_SIM_RETRY_AFTER). Default: ${DEFAULT-VALUE}.")
  Duration retryAfter;

  @Option(
      names = "--latency",
      defaultValue = "${env:DEVICETRAIL_SIM_LATENCY:-0s}",
      converter = DurationConverter.class,
      description =
          "Delay added to every request (env DEVICETRAIL_SIM_LATENCY). Default: ${DEFAULT-VALUE}.")
  Duration latency;

  @Option(
      names = "--truncate-rate",
      defaultValue = "${env:DEVICETRAIL_SIM_TRUNCATE_RATE:-0}",
      description =
          "Share of 200 answers whose JSON body is cut in half, 0..1 (env DEVICETRAIL_SIM_TRUNCATE_RATE). Default: ${DEFAULT-VALUE}.")
  double truncateRate;

  @Option(
      names = "--threads",
      defaultValue = "${env:DEVICETRAIL_SIM_THREADS:-0}",
      description =
          "Request handler threads; 0 means twice the cores, at least 4 (env DEVICETRAIL_SIM_THREADS). Default: ${DEFAULT-VALUE}.")
  int threads;

  @Option(
      names = "--sleep-min",
      defaultValue = "${env:DEVICETRAIL_SIM_SLEEP_MIN:-30m}",
      converter = DurationConverter.class,
      description =
          "Shortest sleep of a low-power device between wakes, at least 1m (env DEVICETRAIL_SIM_SLEEP_MIN). Default: ${DEFAULT-VALUE}.")
  Duration sleepMin;

  @Option(
      names = "--sleep-max",
      defaultValue = "${env:DEVICETRAIL_SIM_SLEEP_MAX:-24h}",
      converter = DurationConverter.class,
      description =
          "Longest sleep of a low-power device between wakes; each device's period is drawn log-uniformly in between (env DEVICETRAIL_SIM_SLEEP_MAX). Default: ${DEFAULT-VALUE}.")
  Duration sleepMax;

  @Option(
      names = "--site-move-share",
      defaultValue = "${env:DEVICETRAIL_SIM_SITE_MOVE_SHARE:-0.05}",
      description =
          "Share of devices with a site that are moved between their tenant's sites every 1-4 days, 0..1 (env DEVICETRAIL_SIM_SITE_MOVE_SHARE). Default: ${DEFAULT-VALUE}.")
  double siteMoveShare;

  @Option(
      names = "--duration",
      defaultValue = "${env:DEVICETRAIL_SIM_DURATION}",
      converter = DurationConverter.class,
      description =
          "Stop by itself after this long (real time) (env DEVICETRAIL_SIM_DURATION). Default: run until stopped.")
  Duration duration;

  public static void main(String[] args) {
    // Our own log configuration, named so that it never shadows that of a module using us as a
    // library.
    if (System.getProperty("log4j2.configurationFile") == null
        && System.getProperty("log4j.configurationFile") == null) {
      System.setProperty("log4j2.configurationFile", "log4j2-simulator.xml");
    }
    System.exit(new CommandLine(new SimulatorMain()).execute(args));
  }

  @Override
  public Integer call() throws IOException, InterruptedException {
    PrintWriter out = spec.commandLine().getOut();
    SimulatorConfig config;
    try {
      config = config();
    } catch (IllegalArgumentException e) {
      throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
    }
    SimulatorServer started;
    try {
      started = SimulatorServer.start(config);
    } catch (UncheckedIOException e) {
      // An expected operator error (port taken, bad address): one line, no stack trace.
      spec.commandLine().getErr().println(e.getMessage() + ": " + e.getCause().getMessage());
      return 1;
    }
    CountDownLatch stopped = new CountDownLatch(1);
    try (SimulatorServer server = started) {
      Thread hook = new Thread(() -> closeOnSignal(server, stopped), "simulator-shutdown");
      Runtime.getRuntime().addShutdownHook(hook);
      out.println(
          "DeviceTrail simulator: "
              + config.deviceCount()
              + " devices at "
              + server.baseUrl()
              + " (token "
              + tokenSource()
              + ")");
      out.flush();
      boolean signalled =
          duration == null
              ? awaitForever(stopped)
              : stopped.await(duration.toMillis(), TimeUnit.MILLISECONDS);
      if (!signalled) {
        Runtime.getRuntime().removeShutdownHook(hook);
      }
    }
    return 0;
  }

  SimulatorConfig config() throws IOException {
    Instant simulatedStart = start != null ? start : Instant.now().minus(startAgo);
    Faults faults =
        Faults.none()
            .withServerErrorRate(errorRate)
            .withThrottleRate(throttleRate, retryAfter)
            .withLatency(latency)
            .withTruncateRate(truncateRate);
    SimulatorConfig.Builder b =
        SimulatorConfig.builder()
            .seed(seed)
            .deviceCount(devices)
            .tenants(tenants)
            .bindAddress(bind)
            .port(port)
            .token(token())
            .clock(new ScaledClock(simulatedStart, speed))
            .historyStart(simulatedStart.minus(history))
            .badReadingRate(badReadingRate)
            .sleepRange(sleepMin, sleepMax)
            .siteMoves(siteMoveShare)
            .faults(faults);
    if (threads > 0) b.threads(threads);
    return b.build();
  }

  private String token() throws IOException {
    if (tokenFile != null) {
      return Files.readString(tokenFile, StandardCharsets.UTF_8).trim();
    }
    String fromEnv = System.getenv("DEVICETRAIL_SIM_TOKEN");
    return fromEnv != null && !fromEnv.isBlank() ? fromEnv.trim() : SimulatorConfig.LOCAL_DEV_TOKEN;
  }

  private String tokenSource() {
    if (tokenFile != null) return "from " + tokenFile;
    String fromEnv = System.getenv("DEVICETRAIL_SIM_TOKEN");
    return fromEnv != null && !fromEnv.isBlank()
        ? "from DEVICETRAIL_SIM_TOKEN"
        : "is the local development token, see --help";
  }

  private static boolean awaitForever(CountDownLatch stopped) throws InterruptedException {
    stopped.await();
    return true;
  }

  private static void closeOnSignal(SimulatorServer server, CountDownLatch stopped) {
    server.close();
    stopped.countDown();
  }
}
