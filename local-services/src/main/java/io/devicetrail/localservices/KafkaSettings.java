package io.devicetrail.localservices;

import java.nio.file.Path;
import java.util.Properties;

/** Broker settings for a single node that is its own KRaft controller. */
final class KafkaSettings {

  static final int NODE_ID = 1;

  private KafkaSettings() {}

  static Properties singleNode(Path logDir, int brokerPort, int controllerPort) {
    Properties p = new Properties();
    p.setProperty("process.roles", "broker,controller");
    p.setProperty("node.id", Integer.toString(NODE_ID));
    p.setProperty("controller.quorum.voters", NODE_ID + "@127.0.0.1:" + controllerPort);
    p.setProperty(
        "listeners",
        "PLAINTEXT://127.0.0.1:" + brokerPort + ",CONTROLLER://127.0.0.1:" + controllerPort);
    p.setProperty("advertised.listeners", "PLAINTEXT://127.0.0.1:" + brokerPort);
    p.setProperty("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
    p.setProperty("controller.listener.names", "CONTROLLER");
    p.setProperty("inter.broker.listener.name", "PLAINTEXT");
    p.setProperty("log.dirs", logDir.toString());

    // One node: every replication factor and minimum ISR is 1, or idempotent and transactional
    // producers (Flink's exactly-once sink) and consumer groups wait for replicas that never come.
    p.setProperty("default.replication.factor", "1");
    p.setProperty("min.insync.replicas", "1");
    p.setProperty("offsets.topic.replication.factor", "1");
    p.setProperty("transaction.state.log.replication.factor", "1");
    p.setProperty("transaction.state.log.min.isr", "1");
    p.setProperty("share.coordinator.state.topic.replication.factor", "1");
    p.setProperty("share.coordinator.state.topic.min.isr", "1");
    // Fewer internal partitions than the default 50: created faster, plenty for one machine.
    p.setProperty("offsets.topic.num.partitions", "10");
    p.setProperty("transaction.state.log.num.partitions", "10");
    // Flink's Kafka sink asks for a 1 h transaction timeout by default; the broker's cap is 15 min.
    p.setProperty("transaction.max.timeout.ms", "3600000");

    p.setProperty("num.partitions", "1");
    p.setProperty("group.initial.rebalance.delay.ms", "0");
    // Topics are created explicitly, with their partitions and compaction; a typo must not make
    // one.
    p.setProperty("auto.create.topics.enable", "false");
    // Records may carry old event times (devices upload buffered readings days later); time-based
    // retention would delete them at once. A local data dir is kept, or removed, by its user.
    p.setProperty("log.retention.ms", "-1");
    // The compaction buffer is allocated on the heap of the JVM that runs us, 128 MiB by default;
    // 16 MiB compacts a local device topic just as well.
    p.setProperty("log.cleaner.dedupe.buffer.size", Integer.toString(16 * 1024 * 1024));
    return p;
  }

  /**
   * Adds a SASL_SSL listener (TLS with the given broker certificate, SCRAM-SHA-512 logins) beside
   * the plaintext one, which stays for the broker's own use and for setting up users.
   */
  static void addSaslSsl(Properties p, int saslPort, KafkaTls tls) {
    String plain = p.getProperty("listeners");
    p.setProperty("listeners", plain + ",SASL_SSL://127.0.0.1:" + saslPort);
    p.setProperty(
        "advertised.listeners",
        p.getProperty("advertised.listeners") + ",SASL_SSL://127.0.0.1:" + saslPort);
    p.setProperty(
        "listener.security.protocol.map",
        p.getProperty("listener.security.protocol.map") + ",SASL_SSL:SASL_SSL");
    p.setProperty("sasl.enabled.mechanisms", "SCRAM-SHA-512");
    p.setProperty("listener.name.sasl_ssl.sasl.enabled.mechanisms", "SCRAM-SHA-512");
    p.setProperty(
        "listener.name.sasl_ssl.scram-sha-512.sasl.jaas.config",
        "org.apache.kafka.common.security.scram.ScramLoginModule required;");
    p.setProperty("listener.name.sasl_ssl.ssl.keystore.location", tls.brokerKeystore().toString());
    p.setProperty("listener.name.sasl_ssl.ssl.keystore.type", "PKCS12");
    p.setProperty("listener.name.sasl_ssl.ssl.keystore.password", tls.storePassword());
    p.setProperty("listener.name.sasl_ssl.ssl.key.password", tls.storePassword());
  }
}
