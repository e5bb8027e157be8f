package io.devicetrail.connectors.warehouse;

import static org.assertj.core.api.Assertions.assertThat;

import io.devicetrail.localservices.LocalPostgres;
import io.devicetrail.localservices.junit.LocalServicesExtension;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The cut of the archive load's INSERT … SELECT (Redshift only, since COPY from Parquet has no
 * TRUNCATECOLUMNS) evaluated on real values: OCTET_LENGTH and LEFT behave alike in both flavours
 * (bytes and characters), so the stand-in shows every value ends up within its column's bytes.
 */
@ExtendWith(LocalServicesExtension.class)
class ArchiveLoadCutTest {

  @Test
  void overLongTextIsCutToItsColumnsBytesAndShortTextIsKept(LocalPostgres postgres)
      throws Exception {
    String cut = RedshiftDialect.cutToWidth(WarehouseTables.SIGNAL_RAW);
    String sql =
        "SELECT cell_id, OCTET_LENGTH(cell_id) FROM (SELECT "
            + cut
            + " FROM (SELECT CAST(? AS VARCHAR) AS device_id, CAST('t' AS VARCHAR) AS tenant_id,"
            + " now() AS ts, 0.0 AS rssi_dbm, 0.0 AS snr_db, 0.0 AS rsrp_dbm, 0.0 AS rsrq_db,"
            + " CAST(? AS VARCHAR) AS cell_id, 0.0 AS lat, 0.0 AS lon, 0 AS battery_mv,"
            + " now() AS fetched_at) AS stage) AS cut";
    int width =
        WarehouseTables.SIGNAL_RAW.columns().stream()
            .filter(c -> c.name().equals("cell_id"))
            .findFirst()
            .orElseThrow()
            .maxBytes();
    try (Connection c = postgres.connect("postgres");
        PreparedStatement ps = c.prepareStatement(sql)) {
      assertThat(cut(ps, "310-410-0A1B")).isEqualTo("310-410-0A1B");
      assertThat(cut(ps, "x".repeat(width + 50))).isEqualTo("x".repeat(width));
      String multibyte =
          "é".repeat(width); // 2 bytes each: the first `width` characters are too many
      assertThat(cut(ps, multibyte).getBytes(java.nio.charset.StandardCharsets.UTF_8).length)
          .isLessThanOrEqualTo(width)
          .isPositive();
    }
  }

  private static String cut(PreparedStatement ps, String cellId) throws Exception {
    ps.setString(1, "dev-1");
    ps.setString(2, cellId);
    try (ResultSet rs = ps.executeQuery()) {
      rs.next();
      return rs.getString(1);
    }
  }
}
