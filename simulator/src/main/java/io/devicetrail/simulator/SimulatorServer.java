package io.devicetrail.simulator;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The vendor device API of CONTRACT §1 over HTTP for a simulated {@link Fleet}, on the JDK's
 * built-in HTTP server.
 *
 * <pre>{@code
 * try (SimulatorServer sim = SimulatorServer.start(SimulatorConfig.builder().deviceCount(50).build())) {
 *   URI api = sim.baseUrl();          // e.g. http://127.0.0.1:41234
 *   String token = sim.token();       // send as "Authorization: Bearer <token>"
 *   List<Reading> truth = sim.fleet().readingsVisible("dev-000001", sim.fleet().clock().now());
 * }
 * }</pre>
 */
public final class SimulatorServer implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(SimulatorServer.class);

  private final SimulatorConfig config;
  private final Fleet fleet;
  private final HttpServer http;
  private final ExecutorService pool;
  private final ApiHandler handler;
  private final URI baseUrl;
  private volatile boolean closed;

  private SimulatorServer(
      SimulatorConfig config, Fleet fleet, HttpServer http, ExecutorService pool, ApiHandler h) {
    this.config = config;
    this.fleet = fleet;
    this.http = http;
    this.pool = pool;
    this.handler = h;
    this.baseUrl = baseUrl(config.bindAddress(), http.getAddress().getPort());
  }

  /** Starts serving at once; the port is free-picked when the config says 0. */
  public static SimulatorServer start(SimulatorConfig config) {
    if (config == null) throw new IllegalArgumentException("config cannot be null");
    // The JDK server writes headers and body separately; with Nagle's algorithm on, the body waits
    // for the client's delayed ACK (~40 ms per request). Read once, when the server class loads.
    if (System.getProperty("sun.net.httpserver.nodelay") == null) {
      System.setProperty("sun.net.httpserver.nodelay", "true");
    }
    Fleet fleet = Fleet.of(config);
    ApiHandler handler =
        new ApiHandler(
            fleet,
            config.token(),
            new FaultInjector(config.faults(), config.seed()),
            config.countRequestsPerDevice());
    ExecutorService pool = Executors.newFixedThreadPool(config.threads(), daemonThreads());
    HttpServer http;
    try {
      http =
          HttpServer.create(
              new InetSocketAddress(InetAddress.getByName(config.bindAddress()), config.port()),
              256);
    } catch (IOException e) {
      pool.shutdownNow();
      throw new UncheckedIOException(
          "cannot listen on " + config.bindAddress() + ":" + config.port(), e);
    }
    http.createContext("/", handler);
    http.setExecutor(pool);
    http.start();
    SimulatorServer server = new SimulatorServer(config, fleet, http, pool, handler);
    LOG.info(
        "Simulator serving {} devices at {} (seed {}, {}, history from {}, bad reading rate {}, {})",
        fleet.size(),
        server.baseUrl,
        config.seed(),
        config.clock(),
        config.historyStart(),
        config.badReadingRate(),
        config.faults().any() ? config.faults() : "no faults");
    return server;
  }

  /** E.g. {@code http://127.0.0.1:41234}; paths like {@code /v1/devices} go after it. */
  public URI baseUrl() {
    return baseUrl;
  }

  public String token() {
    return config.token();
  }

  public Fleet fleet() {
    return fleet;
  }

  public SimulatorConfig config() {
    return config;
  }

  /** Requests received so far, answered or not. */
  public long requestCount() {
    return handler.requestCount();
  }

  /**
   * Signal and activity requests per device id so far (any answer, faults included); empty unless
   * {@link SimulatorConfig.Builder#countRequestsPerDevice} was set.
   */
  public Map<String, Long> requestsByDevice() {
    return handler.requestsByDevice();
  }

  @Override
  public void close() {
    if (closed) return;
    closed = true;
    http.stop(0);
    pool.shutdownNow();
    try {
      pool.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    LOG.info("Simulator at {} stopped after {} requests", baseUrl, handler.requestCount());
  }

  private static URI baseUrl(String bindAddress, int port) {
    String host = bindAddress;
    if (host.equals("0.0.0.0") || host.equals("::") || host.equals("[::]")) host = "127.0.0.1";
    if (host.contains(":") && !host.startsWith("[")) host = "[" + host + "]";
    return URI.create("http://" + host + ":" + port);
  }

  private static ThreadFactory daemonThreads() {
    AtomicInteger n = new AtomicInteger();
    return r -> {
      Thread t = new Thread(r, "simulator-http-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
  }
}
