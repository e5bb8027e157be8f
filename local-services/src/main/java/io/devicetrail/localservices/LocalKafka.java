package io.devicetrail.localservices;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.BindException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import kafka.tools.StorageTool;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.ScramCredentialInfo;
import org.apache.kafka.clients.admin.ScramMechanism;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.admin.UserScramCredentialUpsertion;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.common.utils.Time;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real Apache Kafka broker in this JVM, in KRaft mode as its own controller, on 127.0.0.1.
 *
 * <p>Its log lives in {@code <dataDir>/log}; a second start on the same data dir keeps the topics
 * and messages and, if free, the ports. Running in this JVM, it cannot outlive it.
 *
 * <pre>{@code
 * try (LocalKafka kafka = LocalKafka.start(dir)) {
 *   kafka.createTopics(Map.of("devicetrail.device.v1", 3), Set.of("devicetrail.device.v1"));
 *   producerProperties.put("bootstrap.servers", kafka.bootstrapServers());
 * }
 * }</pre>
 */
public final class LocalKafka implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(LocalKafka.class);
  private static final Duration READY_TIMEOUT = Duration.ofSeconds(60);
  private static final int MAX_PORT_ATTEMPTS = 3;

  /** The SCRAM user a secured broker creates for its clients. */
  public static final String SCRAM_USER = "devicetrail";

  private final Path dataDir;
  private final KafkaRaftServer server;
  private final int port;
  private final int saslSslPort;
  private final KafkaTls tls;
  private final AtomicBoolean closed = new AtomicBoolean();

  private LocalKafka(
      Path dataDir, KafkaRaftServer server, int port, int saslSslPort, KafkaTls tls) {
    this.dataDir = dataDir;
    this.server = server;
    this.port = port;
    this.saslSslPort = saslSslPort;
    this.tls = tls;
  }

  /**
   * Formats the log dir if it is new, starts the broker and waits until it answers.
   *
   * @throws IOException if the broker cannot be set up or does not come up
   */
  public static LocalKafka start(Path dataDir) throws IOException {
    return start(dataDir, false);
  }

  /**
   * As {@link #start(Path)}, with a second listener as production brokers have: SASL_SSL, TLS with
   * a certificate signed by a CA of its own ({@link #tls()}), logins by SCRAM-SHA-512 as {@link
   * #SCRAM_USER} with the password in {@link #scramPasswordFile()}. The plaintext listener stays.
   */
  public static LocalKafka startSecured(Path dataDir) throws IOException {
    return start(dataDir, true);
  }

  private static LocalKafka start(Path dataDir, boolean secured) throws IOException {
    long started = System.nanoTime();
    Path dir = dataDir.toAbsolutePath().normalize();
    Path logDir = dir.resolve("log");
    Files.createDirectories(logDir);
    PortBook ports = PortBook.in(dir);
    int brokerPort = ports.choose("kafka");
    int controllerPort = ports.choose("kafka.controller");
    KafkaTls tls = secured ? KafkaTls.in(dir.resolve("tls")) : null;
    int saslPort = secured ? ports.choose("kafka.sasl_ssl") : 0;
    for (int attempt = 1; ; attempt++) {
      Properties settings = KafkaSettings.singleNode(logDir, brokerPort, controllerPort);
      if (secured) {
        KafkaSettings.addSaslSsl(settings, saslPort, tls);
      }
      formatIfNew(dir, logDir, settings);
      KafkaRaftServer server = new KafkaRaftServer(new KafkaConfig(settings), Time.SYSTEM);
      try {
        server.startup();
      } catch (RuntimeException e) {
        shutDown(server);
        if (!isBindFailure(e) || attempt == MAX_PORT_ATTEMPTS) {
          throw new IOException("Kafka did not start: " + e.getMessage(), e);
        }
        LOG.info(
            "Port {} or {} was taken meanwhile; Kafka tries others", brokerPort, controllerPort);
        brokerPort = ports.chooseFresh("kafka");
        controllerPort = ports.chooseFresh("kafka.controller");
        saslPort = secured ? ports.chooseFresh("kafka.sasl_ssl") : 0;
        continue;
      }
      LocalKafka kafka = new LocalKafka(dir, server, brokerPort, saslPort, tls);
      try {
        kafka.awaitReady();
        if (secured) {
          kafka.createScramUser();
        }
      } catch (IOException | RuntimeException e) {
        kafka.close();
        throw e;
      }
      ports.save();
      LOG.info(
          "Kafka ready on {} in {} ms (log {})",
          kafka.bootstrapServers(),
          Duration.ofNanos(System.nanoTime() - started).toMillis(),
          logDir);
      return kafka;
    }
  }

  /** {@code 127.0.0.1:<port>}, for {@code bootstrap.servers}. */
  public String bootstrapServers() {
    return "127.0.0.1:" + port;
  }

  public int port() {
    return port;
  }

  /** {@code 127.0.0.1:<port>} of the SASL_SSL listener of a broker started secured. */
  public String saslSslBootstrapServers() {
    if (tls == null) {
      throw new IllegalStateException("This broker has no SASL_SSL listener: use startSecured");
    }
    return "127.0.0.1:" + saslSslPort;
  }

  /** The CA, the broker certificate and the truststore clients need, of a secured broker. */
  public KafkaTls tls() {
    if (tls == null) {
      throw new IllegalStateException("This broker has no TLS: use startSecured");
    }
    return tls;
  }

  /** The owner-only file holding {@link #SCRAM_USER}'s password, of a secured broker. */
  public Path scramPasswordFile() {
    return dataDir.resolve("scram").resolve("password");
  }

  public Path dataDir() {
    return dataDir;
  }

  /** Same as {@link #createTopics(Map, Set)} with no compacted topic. */
  public void createTopics(Map<String, Integer> partitions) {
    createTopics(partitions, Set.of());
  }

  /**
   * Creates the topics that do not exist yet, with replication factor 1, and waits until every
   * partition has a leader. Existing topics are left as they are.
   *
   * @param partitions topic name to partition count
   * @param compacted the topics among them with {@code cleanup.policy=compact}
   */
  public void createTopics(Map<String, Integer> partitions, Set<String> compacted) {
    if (!partitions.keySet().containsAll(compacted)) {
      throw new IllegalArgumentException(
          "Compacted topics " + compacted + " must be among " + partitions.keySet());
    }
    try (Admin admin = admin()) {
      List<NewTopic> topics = new ArrayList<>();
      partitions.forEach(
          (name, count) -> {
            NewTopic topic = new NewTopic(name, count, (short) 1);
            if (compacted.contains(name)) {
              topic.configs(Map.of("cleanup.policy", "compact"));
            }
            topics.add(topic);
          });
      admin
          .createTopics(topics)
          .values()
          .forEach(
              (name, creation) -> {
                try {
                  creation.get(30, TimeUnit.SECONDS);
                } catch (ExecutionException e) {
                  if (!(e.getCause() instanceof TopicExistsException)) {
                    throw new IllegalStateException(
                        "Topic " + name + " could not be created: " + e.getCause().getMessage(), e);
                  }
                } catch (InterruptedException | TimeoutException e) {
                  throw interruptedOrTimedOut("creating topic " + name, e);
                }
              });
      awaitLeaders(admin, partitions.keySet());
    }
  }

  /**
   * Controlled shutdown: the log is closed cleanly, so the next start needs no recovery.
   * Idempotent.
   */
  @Override
  public void close() {
    if (closed.compareAndSet(false, true)) {
      shutDown(server);
      LOG.info("Kafka on {} stopped", bootstrapServers());
    }
  }

  private Admin admin() {
    return Admin.create(
        Map.of(
            AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
            bootstrapServers(),
            AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG,
            30_000));
  }

  /** Creates (or resets) the SCRAM user, through the plaintext listener. */
  private void createScramUser() throws IOException {
    Path file = scramPasswordFile();
    Files.createDirectories(file.getParent());
    if (!Files.exists(file)) {
      Secrets.writePrivately(file, Secrets.newToken(24));
    }
    String password = Files.readString(file).strip();
    try (Admin admin = admin()) {
      admin
          .alterUserScramCredentials(
              List.of(
                  new UserScramCredentialUpsertion(
                      SCRAM_USER,
                      new ScramCredentialInfo(ScramMechanism.SCRAM_SHA_512, 4096),
                      password)))
          .all()
          .get(30, TimeUnit.SECONDS);
    } catch (ExecutionException | TimeoutException e) {
      throw new IOException("Creating the SCRAM user " + SCRAM_USER + " failed", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("Interrupted while creating the SCRAM user", e);
    }
  }

  private void awaitReady() throws IOException {
    try (Admin admin = admin()) {
      admin.describeCluster().nodes().get(READY_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
    } catch (ExecutionException | TimeoutException e) {
      throw new IOException("Kafka did not answer within " + READY_TIMEOUT.toSeconds() + " s", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("Interrupted while waiting for Kafka", e);
    }
  }

  /**
   * True when every partition has a leader. A topic created a moment ago may still be unknown to
   * the broker's metadata cache: that is "not yet", not an error.
   */
  private static boolean allPartitionsLed(Admin admin, Set<String> topics)
      throws InterruptedException, TimeoutException {
    try {
      Map<String, TopicDescription> descriptions =
          admin.describeTopics(topics).allTopicNames().get(30, TimeUnit.SECONDS);
      return descriptions.values().stream()
          .flatMap(d -> d.partitions().stream())
          .map(TopicPartitionInfo::leader)
          .allMatch(leader -> leader != null && !leader.isEmpty());
    } catch (ExecutionException e) {
      if (e.getCause() instanceof UnknownTopicOrPartitionException) {
        return false;
      }
      throw new IllegalStateException("Describing topics " + topics + " failed", e.getCause());
    }
  }

  private static void awaitLeaders(Admin admin, Set<String> topics) {
    long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
    try {
      while (true) {
        if (allPartitionsLed(admin, topics)) {
          return;
        }
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException("Topics " + topics + " have partitions without a leader");
        }
        Thread.sleep(50);
      }
    } catch (InterruptedException | TimeoutException e) {
      throw interruptedOrTimedOut("waiting for topic leaders", e);
    }
  }

  private static void formatIfNew(Path dir, Path logDir, Properties settings) throws IOException {
    // StorageTool reads a file; it also shows a human the settings in force.
    Path config = dir.resolve("server.properties");
    try (OutputStream out = Files.newOutputStream(config)) {
      settings.store(out, "The settings LocalKafka last started the broker with");
    }
    if (Files.exists(logDir.resolve("meta.properties"))) {
      return;
    }
    ByteArrayOutputStream output = new ByteArrayOutputStream();
    int exit;
    try (PrintStream print = new PrintStream(output, true, StandardCharsets.UTF_8)) {
      String clusterId = Uuid.randomUuid().toString();
      exit =
          StorageTool.execute(
              new String[] {"format", "--cluster-id", clusterId, "--config", config.toString()},
              print);
    } catch (RuntimeException e) {
      throw new IOException(
          "Formatting the Kafka log dir " + logDir + " failed: " + e.getMessage(), e);
    }
    if (exit != 0) {
      throw new IOException(
          "Formatting the Kafka log dir "
              + logDir
              + " failed: "
              + output.toString(StandardCharsets.UTF_8));
    }
    LOG.info("Formatted a new Kafka log dir in {}", logDir);
  }

  private static void shutDown(KafkaRaftServer server) {
    try {
      server.shutdown();
      server.awaitShutdown();
    } catch (RuntimeException e) {
      LOG.warn("Kafka shutdown reported: {}", e.toString());
    }
  }

  private static boolean isBindFailure(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof BindException
          || String.valueOf(t.getMessage()).contains("Address already in use")) {
        return true;
      }
    }
    return false;
  }

  private static RuntimeException interruptedOrTimedOut(String what, Exception e) {
    if (e instanceof InterruptedException) {
      Thread.currentThread().interrupt();
    }
    return new IllegalStateException("Kafka: " + what + " was interrupted or timed out", e);
  }
}
