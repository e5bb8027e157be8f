package io.devicetrail.localservices;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Secret files are owner-only from the moment they exist. */
class SecretsTest {

  @TempDir Path dir;

  @Test
  void aSecretFileIsOwnerOnlyAndReplacesAWiderOneWithANewFile() throws Exception {
    Path file = dir.resolve("tokens");
    Files.writeString(file, "old");
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
    Object before = Files.readAttributes(file, BasicFileAttributes.class).fileKey();

    Secrets.writePrivately(file, "0123456789abcdef support\n");

    assertThat(Files.readString(file)).isEqualTo("0123456789abcdef support\n");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
        .isEqualTo("rw-------");
    // A new file took its place (created owner-only), not the old one narrowed after the fact.
    assertThat(Files.readAttributes(file, BasicFileAttributes.class).fileKey())
        .isNotEqualTo(before);
    try (var left = Files.list(dir)) {
      assertThat(left).containsExactly(file);
    }
  }
}
