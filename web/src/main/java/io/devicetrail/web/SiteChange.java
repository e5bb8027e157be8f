package io.devicetrail.web;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** A site a device was at from {@code validFrom} on (support table device_site_history). */
public record SiteChange(Instant validFrom, String site) {

  /** The device's sites, newest first, at most {@code limit}. */
  public static List<SiteChange> history(Connection c, String deviceId, int limit)
      throws SQLException {
    List<SiteChange> out = new ArrayList<>();
    try (PreparedStatement ps =
        c.prepareStatement(
            "SELECT valid_from, site FROM device_site_history WHERE device_id = ?"
                + " ORDER BY valid_from DESC LIMIT ?")) {
      ps.setString(1, deviceId);
      ps.setInt(2, limit);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add(new SiteChange(rs.getTimestamp("valid_from").toInstant(), rs.getString("site")));
        }
      }
    }
    return out;
  }
}
