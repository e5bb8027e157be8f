package io.devicetrail.sql;

import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;

/**
 * One versioned warehouse migration, {@code V<version>__<description>.sql}, as read from the
 * classpath.
 *
 * @param version the version, from 1
 * @param description the part of the name after {@code __}, underscores kept
 * @param name the file name
 * @param sql the script's text
 */
record WarehouseScript(int version, String description, String name, String sql) {

  /** CRC32 of the text with line endings normalised: detects an edit of an applied migration. */
  long checksum() {
    CRC32 crc = new CRC32();
    crc.update(sql.replace("\r\n", "\n").getBytes(StandardCharsets.UTF_8));
    return crc.getValue();
  }
}
