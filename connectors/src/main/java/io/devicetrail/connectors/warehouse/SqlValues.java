package io.devicetrail.connectors.warehouse;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Instant;
import java.util.Calendar;
import java.util.TimeZone;

/**
 * Binds normalised column values with plain JDBC calls that pgjdbc and redshift-jdbc42 both
 * understand: timestamps as {@link Timestamp} with a UTC calendar, so no JVM time zone leaks in.
 */
final class SqlValues {

  private SqlValues() {}

  static void bind(PreparedStatement ps, int index, SqlType type, Object value)
      throws SQLException {
    switch (type) {
      case TEXT, JSON -> {
        if (value == null) {
          ps.setNull(index, Types.VARCHAR);
        } else {
          ps.setString(index, (String) value);
        }
      }
      case INTEGER -> {
        if (value == null) {
          ps.setNull(index, Types.INTEGER);
        } else {
          ps.setInt(index, (Integer) value);
        }
      }
      case BIGINT -> {
        if (value == null) {
          ps.setNull(index, Types.BIGINT);
        } else {
          ps.setLong(index, (Long) value);
        }
      }
      case DOUBLE -> {
        if (value == null) {
          ps.setNull(index, Types.DOUBLE);
        } else {
          ps.setDouble(index, (Double) value);
        }
      }
      case BOOLEAN -> {
        if (value == null) {
          ps.setNull(index, Types.BOOLEAN);
        } else {
          ps.setBoolean(index, (Boolean) value);
        }
      }
      case TIMESTAMP -> timestamp(ps, index, (Instant) value);
      default -> throw new AssertionError(type);
    }
  }

  static void timestamp(PreparedStatement ps, int index, Instant value) throws SQLException {
    if (value == null) {
      ps.setNull(index, Types.TIMESTAMP_WITH_TIMEZONE);
    } else {
      // A new calendar per call: Calendar is mutable and the driver may keep using it.
      ps.setTimestamp(
          index, Timestamp.from(value), Calendar.getInstance(TimeZone.getTimeZone("UTC")));
    }
  }

  /** Reads a timestamptz column as an Instant, the same way on both drivers. */
  static Instant instant(java.sql.ResultSet rs, int index) throws SQLException {
    Timestamp ts = rs.getTimestamp(index, Calendar.getInstance(TimeZone.getTimeZone("UTC")));
    return ts == null ? null : ts.toInstant();
  }
}
