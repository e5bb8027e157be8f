package io.devicetrail.bench.job;

import io.devicetrail.events.SignalReading;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.postgresql.PGConnection;

/**
 * Baseline B: the same rows loaded with PostgreSQL {@code COPY … FROM STDIN} (pgjdbc's {@code
 * CopyManager}) into an empty table shaped like {@code signal_recent} (same columns, primary key
 * and index), on the same server the job writes to: the fastest this database ingests them.
 */
final class CopyBaseline {

  private static final String COLUMNS =
      "device_id, ts, tenant_id, rssi_dbm, snr_db, rsrp_dbm, rsrq_db, cell_id, lat, lon,"
          + " battery_mv, fetched_at";
  private static final int CHUNK = 8 << 20;

  /** Rows copied, seconds taken by COPY, seconds to render the CSV beforehand. */
  record Result(long rows, double seconds, double renderSeconds) {
    double rate() {
      return rows / seconds;
    }
  }

  private CopyBaseline() {}

  /** Renders {@code batch}'s valid readings as CSV, then times their COPY into a fresh table. */
  static Result run(String jdbcUrl, String user, String password, Batch batch, String table)
      throws Exception {
    long renderStart = System.nanoTime();
    List<byte[]> chunks = new ArrayList<>();
    ByteArrayOutputStream current = new ByteArrayOutputStream(CHUNK + 4096);
    long[] rows = {0};
    StringBuilder line = new StringBuilder(256);
    ByteArrayOutputStream[] out = {current};
    batch.forEachValid(
        r -> {
          line.setLength(0);
          csv(line, r);
          byte[] bytes = line.toString().getBytes(StandardCharsets.UTF_8);
          out[0].write(bytes, 0, bytes.length);
          rows[0]++;
          if (out[0].size() >= CHUNK) {
            chunks.add(out[0].toByteArray());
            out[0] = new ByteArrayOutputStream(CHUNK + 4096);
          }
        });
    chunks.add(out[0].toByteArray());
    double render = (System.nanoTime() - renderStart) / 1e9;

    try (Connection c = DriverManager.getConnection(jdbcUrl, user, password);
        Statement s = c.createStatement()) {
      s.execute("DROP TABLE IF EXISTS " + table);
      s.execute("CREATE TABLE " + table + " (LIKE signal_recent INCLUDING ALL)");
      List<InputStream> streams = new ArrayList<>();
      for (byte[] chunk : chunks) {
        streams.add(new ByteArrayInputStream(chunk));
      }
      long started = System.nanoTime();
      long copied =
          c.unwrap(PGConnection.class)
              .getCopyAPI()
              .copyIn(
                  "COPY " + table + " (" + COLUMNS + ") FROM STDIN (FORMAT csv)",
                  new SequenceInputStream(Collections.enumeration(streams)));
      double seconds = (System.nanoTime() - started) / 1e9;
      if (copied != rows[0]) {
        throw new IllegalStateException("COPY stored " + copied + " rows of " + rows[0]);
      }
      return new Result(copied, seconds, render);
    }
  }

  static void drop(String jdbcUrl, String user, String password, String table) throws Exception {
    try (Connection c = DriverManager.getConnection(jdbcUrl, user, password);
        Statement s = c.createStatement()) {
      s.execute("DROP TABLE IF EXISTS " + table);
    }
  }

  private static void csv(StringBuilder b, SignalReading r) {
    b.append(r.deviceId()).append(',');
    b.append(r.ts()).append(',');
    b.append(r.tenantId()).append(',');
    b.append(r.rssiDbm()).append(',');
    nullable(b, r.snrDb());
    nullable(b, r.rsrpDbm());
    nullable(b, r.rsrqDb());
    nullable(b, r.cellId());
    nullable(b, r.lat());
    nullable(b, r.lon());
    nullable(b, r.batteryMv());
    b.append(r.fetchedAt()).append('\n');
  }

  /** Ids and numbers need no quoting; an empty unquoted field is NULL in CSV COPY. */
  private static void nullable(StringBuilder b, Object value) {
    if (value != null) {
      b.append(value);
    }
    b.append(',');
  }
}
