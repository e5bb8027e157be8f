package io.devicetrail.sql;

/**
 * A warehouse migration could not be applied, or an applied one no longer matches its script. The
 * message names the script and never carries credentials.
 */
public final class WarehouseMigrationException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  WarehouseMigrationException(String message) {
    super(message);
  }

  WarehouseMigrationException(String message, Throwable cause) {
    super(message, cause);
  }
}
