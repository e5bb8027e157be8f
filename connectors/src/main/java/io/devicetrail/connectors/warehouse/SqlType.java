package io.devicetrail.connectors.warehouse;

/** The column types the warehouse uses, named for what a writer binds. */
enum SqlType {
  /** VARCHAR(n) in both flavours; n counts bytes in Redshift. */
  TEXT,
  INTEGER,
  BIGINT,
  DOUBLE,
  BOOLEAN,
  /** TIMESTAMPTZ, microsecond precision in both flavours. */
  TIMESTAMP,
  /** SUPER in Redshift, jsonb in PostgreSQL; bound as JSON text. */
  JSON
}
