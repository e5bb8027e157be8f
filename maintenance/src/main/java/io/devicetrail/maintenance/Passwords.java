package io.devicetrail.maintenance;

import io.devicetrail.connectors.postgres.PostgresPassword;
import java.nio.file.Path;

/**
 * Where a database password comes from, as the job takes it: a file, else a variable, else none.
 */
final class Passwords {

  private Passwords() {}

  static PostgresPassword fromFileOrEnvironment(Path file, String variable) {
    if (file != null) {
      return PostgresPassword.fromFile(file);
    }
    return System.getenv(variable) != null
        ? PostgresPassword.fromEnvironment(variable)
        : PostgresPassword.none();
  }
}
