package io.devicetrail.connectors.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PostgresConnectionTest {

  private static final String URL = "jdbc:postgresql://db.internal:5432/support";

  @Test
  void toStringNamesThePasswordSourceButNeverThePassword() {
    PostgresConnection given =
        PostgresConnection.of(URL, "devicetrail", PostgresPassword.of("s3cr3t"));
    PostgresConnection fromEnv =
        PostgresConnection.of(
            URL, "devicetrail", PostgresPassword.fromEnvironment("SUPPORT_DB_PASSWORD"));

    assertThat(given.toString()).contains(URL, "devicetrail").doesNotContain("s3cr3t");
    assertThat(fromEnv.toString()).contains("SUPPORT_DB_PASSWORD");
  }

  @Test
  void aUrlCarryingAPasswordIsRefusedWithoutEchoingIt() {
    assertThatThrownBy(
            () ->
                PostgresConnection.of(
                    URL + "?ssl=true&password=s3cr3t", "devicetrail", PostgresPassword.none()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("password")
        .hasMessageNotContaining("s3cr3t");
  }

  @Test
  void aNonPostgresUrlIsRefused() {
    assertThatThrownBy(
            () -> PostgresConnection.of("jdbc:mysql://db/x", "u", PostgresPassword.none()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("jdbc:postgresql:");
  }

  @Test
  void aPasswordFileIsReadWhenResolvedNotWhenConfigured(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("password");
    PostgresPassword password = PostgresPassword.fromFile(file);

    Files.writeString(file, "from-the-file\nignored second line\n", StandardCharsets.UTF_8);

    assertThat(password.resolve()).isEqualTo("from-the-file");
  }

  @Test
  void anUnsetEnvironmentVariableFailsWithItsNameOnResolve() {
    PostgresPassword password =
        PostgresPassword.fromEnvironment("DEVICETRAIL_TEST_SURELY_UNSET_42");

    assertThatThrownBy(password::resolve)
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("DEVICETRAIL_TEST_SURELY_UNSET_42");
  }

  @Test
  void aFilePasswordTravelsAsItsPathOnly(@TempDir Path dir) throws Exception {
    Path file = Files.writeString(dir.resolve("password"), "never-serialized");
    PostgresConnection connection =
        PostgresConnection.of(URL, "devicetrail", PostgresPassword.fromFile(file));

    byte[] bytes = serialize(connection);
    PostgresConnection copy = deserialize(bytes);

    assertThat(new String(bytes, StandardCharsets.ISO_8859_1)).doesNotContain("never-serialized");
    assertThat(copy.url()).isEqualTo(URL);
    assertThat(copy.password().resolve()).isEqualTo("never-serialized");
  }

  private static byte[] serialize(Object o) throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
      out.writeObject(o);
    }
    return bytes.toByteArray();
  }

  private static PostgresConnection deserialize(byte[] bytes) throws Exception {
    try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes))) {
      return (PostgresConnection) in.readObject();
    }
  }
}
