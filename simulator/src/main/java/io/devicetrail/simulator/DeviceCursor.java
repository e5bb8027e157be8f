package io.devicetrail.simulator;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * The opaque {@code cursor} of the device list: the position of the next device, encoded so that
 * clients do not take it for something they may compute.
 */
final class DeviceCursor {

  private static final String PREFIX = "devices-from:";

  private DeviceCursor() {}

  static String encode(int nextIndex) {
    return Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString((PREFIX + nextIndex).getBytes(StandardCharsets.UTF_8));
  }

  /** The index a cursor points at; a cursor this server did not make is a 400. */
  static int decode(String cursor, int fleetSize) {
    try {
      String text = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
      if (text.startsWith(PREFIX)) {
        int index = Integer.parseInt(text.substring(PREFIX.length()));
        if (index >= 0 && index <= fleetSize) return index;
      }
    } catch (IllegalArgumentException e) {
      // reported below (NumberFormatException is an IllegalArgumentException)
    }
    throw new BadRequestException("cursor '" + QueryParams.clip(cursor) + "' is not valid");
  }
}
