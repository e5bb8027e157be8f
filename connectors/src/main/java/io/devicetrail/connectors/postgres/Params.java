package io.devicetrail.connectors.postgres;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.regex.Pattern;

/**
 * Binds nullable event fields to statement parameters, and keeps out the one value PostgreSQL
 * refuses that valid events can still carry: the NUL character. A refused row would fail its whole
 * batch on every retry and stop the job, so NUL is dropped from text and replaced in JSON.
 */
final class Params {

  // The JSON escape for NUL (backslash, "u0000") where its backslash is not itself escaped, that is
  // preceded by an even number of backslashes.
  private static final Pattern JSON_NUL = Pattern.compile("(?<!\\\\)((?:\\\\\\\\)*)\\\\u0000");

  private Params() {}

  static void text(PreparedStatement ps, int index, String value) throws SQLException {
    if (value == null) {
      ps.setNull(index, Types.VARCHAR);
    } else {
      ps.setString(index, value.indexOf('\0') < 0 ? value : value.replace("\0", ""));
    }
  }

  /** For a parameter written {@code CAST(? AS jsonb)}. */
  static void json(PreparedStatement ps, int index, String json) throws SQLException {
    if (json == null) {
      ps.setNull(index, Types.VARCHAR);
    } else {
      ps.setString(index, withoutNul(json));
    }
  }

  /** jsonb refuses the escaped NUL character; it becomes U+FFFD, the replacement character. */
  static String withoutNul(String json) {
    return json.contains("u0000") ? JSON_NUL.matcher(json).replaceAll("$1\\\\ufffd") : json;
  }

  static void timestamp(PreparedStatement ps, int index, Instant value) throws SQLException {
    if (value == null) {
      ps.setNull(index, Types.TIMESTAMP_WITH_TIMEZONE);
    } else {
      ps.setObject(index, OffsetDateTime.ofInstant(value, ZoneOffset.UTC));
    }
  }

  static void float8(PreparedStatement ps, int index, Double value) throws SQLException {
    if (value == null) {
      ps.setNull(index, Types.DOUBLE);
    } else {
      ps.setDouble(index, value);
    }
  }

  static void int4(PreparedStatement ps, int index, Integer value) throws SQLException {
    if (value == null) {
      ps.setNull(index, Types.INTEGER);
    } else {
      ps.setInt(index, value);
    }
  }
}
