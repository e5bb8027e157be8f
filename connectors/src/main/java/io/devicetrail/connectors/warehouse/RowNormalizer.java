package io.devicetrail.connectors.warehouse;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes values fit the warehouse before they are staged, so that no single value can fail its batch
 * on every retry and stop the job: timestamps are cut to the microseconds both flavours keep (so
 * keys compare as stored), NUL characters are dropped (neither flavour stores them), text longer
 * than its column is cut at a UTF-8 character boundary, and JSON longer than its column (Redshift
 * takes at most 64 KB through JSON_PARSE) becomes null. Cut values are counted and logged once per
 * column.
 */
final class RowNormalizer {

  private static final Logger LOG = LoggerFactory.getLogger(RowNormalizer.class);

  // The JSON escape for NUL where its backslash is not itself escaped (an even number before it).
  private static final Pattern JSON_NUL = Pattern.compile("(?<!\\\\)((?:\\\\\\\\)*)\\\\u0000");

  private final Set<String> warned = new HashSet<>();
  private long cutValues;

  /** How many values were cut or dropped so far. */
  long cutValues() {
    return cutValues;
  }

  Object[] normalize(WarehouseTable<?> table, Object[] values) {
    List<Column> columns = table.columns();
    for (int i = 0; i < values.length; i++) {
      Object value = values[i];
      if (value == null) {
        continue;
      }
      Column column = columns.get(i);
      switch (column.type()) {
        case TIMESTAMP -> values[i] = ((Instant) value).truncatedTo(ChronoUnit.MICROS);
        case TEXT -> values[i] = fitText(table, column, (String) value);
        case JSON -> values[i] = fitJson(table, column, (String) value);
        default -> {}
      }
    }
    return values;
  }

  private String fitText(WarehouseTable<?> table, Column column, String value) {
    String text = value.indexOf('\0') < 0 ? value : value.replace("\0", "");
    if (text.length() * 3 <= column.maxBytes()) {
      return text; // fits whatever its characters: none takes more than 3 bytes per UTF-16 unit
    }
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    if (bytes.length <= column.maxBytes()) {
      return text;
    }
    cut(table, column, bytes.length);
    return prefixWithin(text, column.maxBytes());
  }

  private String fitJson(WarehouseTable<?> table, Column column, String json) {
    String text = json.contains("u0000") ? JSON_NUL.matcher(json).replaceAll("$1\\\\ufffd") : json;
    int bytes = text.getBytes(StandardCharsets.UTF_8).length;
    if (bytes <= column.maxBytes()) {
      return text;
    }
    cut(table, column, bytes);
    return null; // a cut JSON document would not parse
  }

  /** The longest prefix of whole code points whose UTF-8 encoding takes at most maxBytes. */
  static String prefixWithin(String text, int maxBytes) {
    int bytes = 0;
    int end = 0;
    while (end < text.length()) {
      int codePoint = text.codePointAt(end);
      int size = codePoint < 0x80 ? 1 : codePoint < 0x800 ? 2 : codePoint < 0x10000 ? 3 : 4;
      if (bytes + size > maxBytes) {
        break;
      }
      bytes += size;
      end += Character.charCount(codePoint);
    }
    return text.substring(0, end);
  }

  private void cut(WarehouseTable<?> table, Column column, int bytes) {
    cutValues++;
    String where = table.name() + "." + column.name();
    if (warned.add(where)) {
      LOG.warn(
          "A value of {} takes {} bytes, more than the column's {}: {} (logged once per column;"
              + " the sink's cutValues metric counts them all)",
          where,
          bytes,
          column.maxBytes(),
          column.type() == SqlType.JSON ? "written as null" : "cut to fit");
    }
  }
}
