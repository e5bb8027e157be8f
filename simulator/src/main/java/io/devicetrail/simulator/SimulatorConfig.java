package io.devicetrail.simulator;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * Everything that defines a simulated fleet and its server. Immutable; made by {@link #builder()}.
 * Two configs with equal seed, device count, tenants, history start and bad-reading rate describe
 * the same fleet: the same devices, readings and events at every simulated time.
 *
 * <pre>{@code
 * ManualClock clock = new ManualClock(Instant.parse("2026-03-01T00:00:00Z"));
 * SimulatorConfig config = SimulatorConfig.builder()
 *     .seed(7).deviceCount(100).clock(clock)
 *     .historyStart(Instant.parse("2026-02-27T00:00:00Z"))
 *     .build();
 * try (SimulatorServer server = SimulatorServer.start(config)) { ... server.baseUrl() ... }
 * }</pre>
 */
public final class SimulatorConfig {

  /** The token used when none is configured. Only for local runs: it is public. */
  public static final String LOCAL_DEV_TOKEN = "devicetrail-local-dev-token";

  public static final List<String> DEFAULT_TENANTS =
      List.of("acme", "globex", "initech", "umbrella", "hooli");

  /** How long before the clock's start the devices' history begins, unless set. */
  public static final Duration DEFAULT_HISTORY = Duration.ofDays(1);

  public static final Duration DEFAULT_SLEEP_MIN = Duration.ofMinutes(30);
  public static final Duration DEFAULT_SLEEP_MAX = Duration.ofHours(24);

  /** Largest fleet: device ids stay at most 12 characters. */
  public static final int MAX_DEVICES = 99_999_999;

  private final long seed;
  private final int deviceCount;
  private final List<String> tenants;
  private final String bindAddress;
  private final int port;
  private final String token;
  private final SimClock clock;
  private final Instant historyStart;
  private final double badReadingRate;
  private final Faults faults;
  private final int threads;
  private final Duration sleepMin;
  private final Duration sleepMax;
  private final boolean countRequestsPerDevice;
  private final double siteMoveShare;

  /** Share of devices (with a site) that are moved between sites every 1 to 4 days. */
  public static final double DEFAULT_SITE_MOVE_SHARE = 0.05;

  private SimulatorConfig(Builder b) {
    this.seed = b.seed;
    this.deviceCount = b.deviceCount;
    this.tenants = List.copyOf(b.tenants);
    this.bindAddress = b.bindAddress;
    this.port = b.port;
    this.token = b.token;
    this.clock = b.clock != null ? b.clock : ScaledClock.demoDefault(b.wallClock);
    this.historyStart =
        b.historyStart != null ? b.historyStart : this.clock.now().minus(DEFAULT_HISTORY);
    this.badReadingRate = b.badReadingRate;
    this.faults = b.faults;
    this.threads = b.threads;
    this.sleepMin = b.sleepMin;
    this.sleepMax = b.sleepMax;
    this.countRequestsPerDevice = b.countRequestsPerDevice;
    this.siteMoveShare = b.siteMoveShare;
  }

  /** Share of devices with a site that are moved between their tenant's sites. */
  public double siteMoveShare() {
    return siteMoveShare;
  }

  public static Builder builder() {
    return new Builder();
  }

  public long seed() {
    return seed;
  }

  public int deviceCount() {
    return deviceCount;
  }

  public List<String> tenants() {
    return tenants;
  }

  public String bindAddress() {
    return bindAddress;
  }

  /** The port to listen on; 0 picks a free one (see {@link SimulatorServer#baseUrl()}). */
  public int port() {
    return port;
  }

  public String token() {
    return token;
  }

  public SimClock clock() {
    return clock;
  }

  /** No reading or event is older than this. */
  public Instant historyStart() {
    return historyStart;
  }

  /** Share of readings deliberately out of contract range, in [0, 1]. */
  public double badReadingRate() {
    return badReadingRate;
  }

  public Faults faults() {
    return faults;
  }

  /** Request handler threads. */
  public int threads() {
    return threads;
  }

  /** Shortest time a sleeping device sleeps between wakes (default 30 min). */
  public Duration sleepMin() {
    return sleepMin;
  }

  /** Longest time a sleeping device sleeps between wakes (default 24 h). */
  public Duration sleepMax() {
    return sleepMax;
  }

  /** The server counts requests per device (see {@link SimulatorServer#requestsByDevice()}). */
  public boolean countRequestsPerDevice() {
    return countRequestsPerDevice;
  }

  public Builder toBuilder() {
    return new Builder()
        .seed(seed)
        .deviceCount(deviceCount)
        .tenants(tenants)
        .bindAddress(bindAddress)
        .port(port)
        .token(token)
        .clock(clock)
        .historyStart(historyStart)
        .badReadingRate(badReadingRate)
        .faults(faults)
        .threads(threads)
        .sleepRange(sleepMin, sleepMax)
        .countRequestsPerDevice(countRequestsPerDevice)
        .siteMoves(siteMoveShare);
  }

  /** Never prints the token. */
  @Override
  public String toString() {
    return "SimulatorConfig[seed="
        + seed
        + ", devices="
        + deviceCount
        + ", tenants="
        + tenants
        + ", bind="
        + bindAddress
        + ":"
        + port
        + ", clock="
        + clock
        + ", historyStart="
        + historyStart
        + ", badReadingRate="
        + badReadingRate
        + ", faults="
        + faults
        + ", threads="
        + threads
        + ", sleep="
        + sleepMin
        + ".."
        + sleepMax
        + "]";
  }

  /** Defaults work locally: 1000 devices, seed 42, loopback, a free port, the local dev token. */
  public static final class Builder {
    private long seed = 42;
    private int deviceCount = 1000;
    private List<String> tenants = DEFAULT_TENANTS;
    private String bindAddress = "127.0.0.1";
    private int port = 0;
    private String token = LOCAL_DEV_TOKEN;
    private SimClock clock;
    private Clock wallClock = Clock.systemUTC();
    private Instant historyStart;
    private double badReadingRate = 0;
    private Faults faults = Faults.none();
    private int threads = Math.max(4, 2 * Runtime.getRuntime().availableProcessors());
    private Duration sleepMin = DEFAULT_SLEEP_MIN;
    private Duration sleepMax = DEFAULT_SLEEP_MAX;
    private boolean countRequestsPerDevice;
    private double siteMoveShare = DEFAULT_SITE_MOVE_SHARE;

    /**
     * The share of devices (of those with a site) that are moved between their tenant's sites, each
     * every 1 to 4 days at its own times: the device list shows the new site and an updated_at of
     * the move. 0 keeps every device where it is, as earlier versions did.
     */
    public Builder siteMoves(double share) {
      if (!(share >= 0 && share <= 1)) {
        throw new IllegalArgumentException("site move share must be in [0, 1], was " + share);
      }
      this.siteMoveShare = share;
      return this;
    }

    /**
     * The wall clock that the default demo clock ({@link ScaledClock#demoDefault(Clock)}) follows
     * when no {@link #clock(SimClock)} is set. Default: the system clock in UTC.
     */
    public Builder wallClock(Clock wallClock) {
      if (wallClock == null) throw new IllegalArgumentException("wallClock cannot be null");
      this.wallClock = wallClock;
      return this;
    }

    /**
     * How long sleeping devices sleep between wakes: each device draws its period log-uniformly
     * from this range (whole minutes, at least 1). The default, 30 min to 24 h, keeps the fleets of
     * earlier versions unchanged; minutes to days is closer to a real low-power fleet.
     */
    public Builder sleepRange(Duration min, Duration max) {
      if (min == null || max == null || min.toMinutes() < 1 || max.compareTo(min) < 0) {
        throw new IllegalArgumentException(
            "sleep range must be at least 1 minute and min <= max, was " + min + ".." + max);
      }
      this.sleepMin = min;
      this.sleepMax = max;
      return this;
    }

    /** Count requests per device id, for tests that check who polled what (costs memory). */
    public Builder countRequestsPerDevice(boolean value) {
      this.countRequestsPerDevice = value;
      return this;
    }

    private Builder() {}

    public Builder seed(long seed) {
      this.seed = seed;
      return this;
    }

    public Builder deviceCount(int deviceCount) {
      if (deviceCount < 1 || deviceCount > MAX_DEVICES) {
        throw new IllegalArgumentException(
            "deviceCount must be within [1, " + MAX_DEVICES + "], was " + deviceCount);
      }
      this.deviceCount = deviceCount;
      return this;
    }

    public Builder tenants(List<String> tenants) {
      if (tenants == null || tenants.isEmpty()) {
        throw new IllegalArgumentException("tenants cannot be empty");
      }
      for (String t : tenants) {
        if (t == null || t.isBlank() || t.length() > 128) {
          throw new IllegalArgumentException("a tenant must be 1-128 non-blank characters");
        }
      }
      if (tenants.stream().distinct().count() != tenants.size()) {
        throw new IllegalArgumentException("tenants must be distinct: " + tenants);
      }
      this.tenants = List.copyOf(tenants);
      return this;
    }

    public Builder bindAddress(String bindAddress) {
      if (bindAddress == null || bindAddress.isBlank()) {
        throw new IllegalArgumentException("bindAddress cannot be blank");
      }
      this.bindAddress = bindAddress;
      return this;
    }

    public Builder port(int port) {
      if (port < 0 || port > 65535) {
        throw new IllegalArgumentException("port must be within [0, 65535], was " + port);
      }
      this.port = port;
      return this;
    }

    public Builder token(String token) {
      if (token == null || token.isBlank()) {
        throw new IllegalArgumentException("token cannot be blank");
      }
      if (!token.chars().allMatch(c -> c > 0x20 && c < 0x7f)) {
        throw new IllegalArgumentException("token must be printable ASCII without spaces");
      }
      this.token = token;
      return this;
    }

    public Builder clock(SimClock clock) {
      if (clock == null) throw new IllegalArgumentException("clock cannot be null");
      this.clock = clock;
      return this;
    }

    /** Unset: {@link #DEFAULT_HISTORY} before the clock's time when {@link #build()} runs. */
    public Builder historyStart(Instant historyStart) {
      if (historyStart == null) throw new IllegalArgumentException("historyStart cannot be null");
      this.historyStart = historyStart;
      return this;
    }

    public Builder badReadingRate(double badReadingRate) {
      Faults.checkRate("badReadingRate", badReadingRate);
      this.badReadingRate = badReadingRate;
      return this;
    }

    public Builder faults(Faults faults) {
      if (faults == null) throw new IllegalArgumentException("faults cannot be null");
      this.faults = faults;
      return this;
    }

    public Builder threads(int threads) {
      if (threads < 1 || threads > 1024) {
        throw new IllegalArgumentException("threads must be within [1, 1024], was " + threads);
      }
      this.threads = threads;
      return this;
    }

    public SimulatorConfig build() {
      return new SimulatorConfig(this);
    }
  }
}
