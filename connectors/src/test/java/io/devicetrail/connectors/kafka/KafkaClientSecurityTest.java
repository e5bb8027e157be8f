package io.devicetrail.connectors.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KafkaClientSecurityTest {

  @TempDir Path dir;

  private static final String JAAS_WITH_REFERENCE =
      "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"job\""
          + " password=\"${dir:/etc/devicetrail/kafka:password}\";";

  private static Properties scram(String jaas) {
    Properties p = new Properties();
    p.setProperty("security.protocol", "SASL_SSL");
    p.setProperty("sasl.mechanism", "SCRAM-SHA-512");
    p.setProperty("sasl.jaas.config", jaas);
    p.setProperty("ssl.truststore.location", "/etc/devicetrail/kafka/truststore.p12");
    p.setProperty("ssl.truststore.password", "${dir:/etc/devicetrail/kafka:truststore.password}");
    p.setProperty("config.providers", "dir");
    p.setProperty(
        "config.providers.dir.class",
        "org.apache.kafka.common.config.provider.DirectoryConfigProvider");
    return p;
  }

  @Test
  void aFileWithSecretsReferencedFromSecretFilesIsReadAsIs() throws Exception {
    Path file = dir.resolve("kafka-client.properties");
    try (var out = Files.newBufferedWriter(file)) {
      scram(JAAS_WITH_REFERENCE).store(out, null);
    }

    KafkaClientSecurity security = KafkaClientSecurity.fromFile(file);

    assertThat(security.properties()).isEqualTo(scram(JAAS_WITH_REFERENCE));
    assertThat(security.isPlaintext()).isFalse();
    assertThat(security.toString())
        .contains("SASL_SSL", "SCRAM-SHA-512")
        .doesNotContain("password", "truststore");
  }

  @Test
  void aPasswordWrittenIntoTheJaasLineIsRefusedWithoutRepeatingIt() {
    Properties p =
        scram(
            "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"job\""
                + " password=\"hunter2-secret\";");

    assertThatThrownBy(() -> KafkaClientSecurity.of(p, "kafka.properties"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("sasl.jaas.config: password is written into the file")
        .hasMessageNotContaining("hunter2");
  }

  @Test
  void anOauthClientSecretAndAKeystorePasswordMustBeReferencesToo() {
    Properties p = new Properties();
    p.setProperty("security.protocol", "SASL_SSL");
    p.setProperty("sasl.mechanism", "OAUTHBEARER");
    p.setProperty(
        "sasl.jaas.config",
        "org.apache.kafka.common.security.oauthbearer.OAuthBearerLoginModule required"
            + " clientId=\"job\" clientSecret=\"s3cr3t\";");
    p.setProperty("ssl.keystore.password", "changeit");

    assertThatThrownBy(() -> KafkaClientSecurity.of(p, "kafka.properties"))
        .hasMessageContaining("clientSecret is written into the file")
        .hasMessageContaining("ssl.keystore.password holds a secret")
        .hasMessageNotContaining("s3cr3t")
        .hasMessageNotContaining("changeit");
  }

  @Test
  void iamNeedsNoSecretAtAll() {
    Properties p = new Properties();
    p.setProperty("security.protocol", "SASL_SSL");
    p.setProperty("sasl.mechanism", "AWS_MSK_IAM");
    p.setProperty("sasl.jaas.config", "software.amazon.msk.auth.iam.IAMLoginModule required;");
    p.setProperty(
        "sasl.client.callback.handler.class",
        "software.amazon.msk.auth.iam.IAMClientCallbackHandler");

    assertThat(KafkaClientSecurity.of(p, "kafka.properties").properties()).isEqualTo(p);
  }

  @Test
  void settingsOtherThanSecurityAndReferencesWithoutAProviderAreRefused() {
    Properties p = scram(JAAS_WITH_REFERENCE);
    p.remove("config.providers");
    p.setProperty("isolation.level", "read_uncommitted");

    assertThatThrownBy(() -> KafkaClientSecurity.of(p, "kafka.properties"))
        .hasMessageContaining("isolation.level is not a security setting")
        .hasMessageContaining("config.providers is not set");
  }

  @Test
  void noneIsPlaintextAndAddsNothing() {
    assertThat(KafkaClientSecurity.none().properties()).isEmpty();
    assertThat(KafkaClientSecurity.none().isPlaintext()).isTrue();
  }
}
