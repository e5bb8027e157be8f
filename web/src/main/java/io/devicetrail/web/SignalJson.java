package io.devicetrail.web;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** {@code /devices/{id}/signal.json}: the device page's chart points as JSON. */
final class SignalJson {

  private static final ObjectMapper JSON = new ObjectMapper();

  private SignalJson() {}

  static String render(SupportDb db, Viewer viewer, String deviceId, String window)
      throws SQLException {
    boolean longWindow =
        switch (window) {
          case "48h" -> false;
          case "14d" -> true;
          default -> throw new PageException(400, "Unknown window", "window is 48h or 14d");
        };
    List<SignalPoint> points =
        db.read(
                viewer,
                c -> {
                  Optional<DeviceState> s = DeviceQueries.state(c, deviceId);
                  if (s.isEmpty()) {
                    return Optional.<List<SignalPoint>>empty();
                  }
                  Instant now = s.get().now();
                  Instant end = now.plusSeconds(1);
                  return Optional.of(
                      longWindow
                          ? DeviceQueries.hourly(
                              c, deviceId, now.minus(DevicePage.LONG_WINDOW), end)
                          : DeviceQueries.readings(
                              c, deviceId, now.minus(DevicePage.SHORT_WINDOW), end));
                })
            .orElseThrow(() -> WebServer.unknown(deviceId));
    ObjectNode root = JSON.createObjectNode();
    root.put("device_id", deviceId);
    root.put("window", window);
    ArrayNode array = root.putArray("points");
    for (SignalPoint p : points) {
      ObjectNode o = array.addObject();
      o.put("ts", p.ts().toString());
      o.put("rssi_dbm", p.rssiDbm());
      if (p.snrDb() == null) {
        o.putNull("snr_db");
      } else {
        o.put("snr_db", p.snrDb());
      }
      o.put("cell_id", p.cellId());
    }
    try {
      return JSON.writeValueAsString(root);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
