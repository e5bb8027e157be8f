package io.devicetrail.connectors.kafka;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Properties;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How the job's Kafka clients authenticate and encrypt: TLS, SASL (SCRAM, OAUTHBEARER, AWS MSK
 * IAM), as Kafka client properties read from a file and applied to every source and sink of the
 * job.
 *
 * <p>Secrets never travel in the job graph and never reach a log: every password, key and client
 * secret must be a reference to a secret file through one of Kafka's own configuration providers,
 * resolved by the Kafka client where it connects (on the TaskManagers, and on the JobManager for
 * the sources' partition discovery). For example, with the Secret mounted as a folder of files:
 *
 * <pre>
 * security.protocol=SASL_SSL
 * sasl.mechanism=SCRAM-SHA-512
 * sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required \
 *     username="devicetrail-job" password="${dir:/etc/devicetrail/kafka:password}";
 * ssl.truststore.location=/etc/devicetrail/kafka/truststore.p12
 * ssl.truststore.password=${dir:/etc/devicetrail/kafka:truststore.password}
 * config.providers=dir
 * config.providers.dir.class=org.apache.kafka.common.config.provider.DirectoryConfigProvider
 * </pre>
 *
 * <p>Only security settings are accepted ({@code security.protocol}, {@code ssl.*}, {@code sasl.*},
 * {@code config.providers*}): the job's own consumer and producer settings are not overridable
 * here. {@link #toString()} names the protocol and mechanism, never a value.
 */
public final class KafkaClientSecurity {

  private static final List<String> ALLOWED_PREFIXES =
      List.of("security.protocol", "ssl.", "sasl.", "config.providers");
  private static final List<String> SECRET_SUFFIXES =
      List.of(".password", ".secret", "ssl.keystore.key", "ssl.keystore.certificate.chain");
  private static final Pattern REFERENCE = Pattern.compile("\\$\\{[^}:]+:[^}]+}");

  /** {@code password="..."}, {@code clientSecret="..."} and the like inside a JAAS line. */
  private static final Pattern JAAS_SECRET =
      Pattern.compile("(?i)(\\w*(?:password|secret|token)\\w*)\\s*=\\s*\"([^\"]*)\"");

  private final Properties properties;

  private KafkaClientSecurity(Properties properties) {
    this.properties = properties;
  }

  /** Plain connections, as on a local broker. */
  public static KafkaClientSecurity none() {
    return new KafkaClientSecurity(new Properties());
  }

  /**
   * Reads and checks the client security file.
   *
   * @throws IllegalArgumentException naming the offending key (never its value) when a setting is
   *     not a security setting or a secret is written into the file instead of referenced
   */
  public static KafkaClientSecurity fromFile(Path file) {
    Objects.requireNonNull(file, "file cannot be null");
    Properties properties = new Properties();
    try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      properties.load(reader);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the Kafka client security file " + file, e);
    }
    return of(properties, file.toString());
  }

  /** Checks {@code properties} as {@link #fromFile} does; {@code origin} names them in errors. */
  public static KafkaClientSecurity of(Properties properties, String origin) {
    List<String> problems = new ArrayList<>();
    for (String key : new TreeSet<>(properties.stringPropertyNames())) {
      String value = properties.getProperty(key);
      if (ALLOWED_PREFIXES.stream().noneMatch(key::startsWith)) {
        problems.add(
            key
                + " is not a security setting (allowed: security.protocol, ssl.*, sasl.*,"
                + " config.providers*)");
      } else if (SECRET_SUFFIXES.stream().anyMatch(key::endsWith)
          && !value.isBlank()
          && !REFERENCE.matcher(value.strip()).matches()) {
        problems.add(
            key
                + " holds a secret written into the file: reference a secret file"
                + " instead, e.g. ${dir:/etc/devicetrail/kafka:"
                + shortName(key)
                + "}");
      } else if (key.equals("sasl.jaas.config")) {
        Matcher m = JAAS_SECRET.matcher(value);
        while (m.find()) {
          if (!m.group(2).isEmpty() && !REFERENCE.matcher(m.group(2)).matches()) {
            problems.add(
                "sasl.jaas.config: "
                    + m.group(1)
                    + " is written into the file: reference"
                    + " a secret file instead, e.g. "
                    + m.group(1)
                    + "=\"${dir:/etc/devicetrail/kafka:"
                    + m.group(1)
                    + "}\"");
          }
        }
      }
    }
    boolean usesReferences =
        properties.values().stream().anyMatch(v -> REFERENCE.matcher(v.toString()).find());
    if (usesReferences && properties.getProperty("config.providers") == null) {
      problems.add(
          "secrets are referenced with ${…} but config.providers is not set (e.g."
              + " config.providers=dir and config.providers.dir.class="
              + "org.apache.kafka.common.config.provider.DirectoryConfigProvider)");
    }
    if (!problems.isEmpty()) {
      throw new IllegalArgumentException(
          "Kafka client security settings in " + origin + ": " + String.join("; ", problems));
    }
    Properties copy = new Properties();
    copy.putAll(properties);
    return new KafkaClientSecurity(copy);
  }

  /** A copy of the client properties, to add to a consumer's or producer's. */
  public Properties properties() {
    Properties copy = new Properties();
    copy.putAll(properties);
    return copy;
  }

  public boolean isPlaintext() {
    return properties.isEmpty()
        || "PLAINTEXT".equalsIgnoreCase(properties.getProperty("security.protocol", "PLAINTEXT"));
  }

  private static String shortName(String key) {
    return key.substring(key.lastIndexOf('.', key.length() - ".password".length() - 1) + 1);
  }

  @Override
  public String toString() {
    return "KafkaClientSecurity[security.protocol="
        + properties.getProperty("security.protocol", "PLAINTEXT")
        + ", sasl.mechanism="
        + properties.getProperty("sasl.mechanism", "none")
        + ", "
        + properties.size()
        + " settings]";
  }
}
