package io.devicetrail.sql;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits a migration script into statements at the semicolons outside comments, quoted strings,
 * quoted identifiers and dollar-quoted bodies ({@code $$ … $$}, {@code $tag$ … $tag$}: function
 * bodies and {@code DO} blocks, which PostgreSQL and Redshift both write this way). The text inside
 * quotes and bodies is kept verbatim, comments included.
 */
final class SqlStatements {

  private SqlStatements() {}

  /** The statements, without comments, trimmed, empty ones dropped. */
  static List<String> split(String script) {
    List<String> statements = new ArrayList<>();
    StringBuilder current = new StringBuilder();
    int i = 0;
    int n = script.length();
    while (i < n) {
      char c = script.charAt(i);
      if (c == '-' && i + 1 < n && script.charAt(i + 1) == '-') {
        int end = script.indexOf('\n', i);
        i = end < 0 ? n : end; // keep the newline as a separator
      } else if (c == '/' && i + 1 < n && script.charAt(i + 1) == '*') {
        int end = script.indexOf("*/", i + 2);
        if (end < 0) {
          throw new IllegalArgumentException("Unterminated /* comment in migration script");
        }
        current.append(' ');
        i = end + 2;
      } else if (c == '$' && dollarTagAt(script, i) != null && !continuesIdentifier(script, i)) {
        String tag = dollarTagAt(script, i);
        int end = script.indexOf(tag, i + tag.length());
        if (end < 0) {
          throw new IllegalArgumentException(
              "Unterminated dollar quote " + tag + " in migration script");
        }
        current.append(script, i, end + tag.length());
        i = end + tag.length();
      } else if (c == '\'' || c == '"') {
        int end = closingQuote(script, i, c);
        current.append(script, i, end + 1);
        i = end + 1;
      } else if (c == ';') {
        add(statements, current);
        i++;
      } else {
        current.append(c);
        i++;
      }
    }
    add(statements, current);
    return statements;
  }

  /** The dollar-quote opener ({@code $$} or {@code $tag$}) starting at {@code i}, or null. */
  private static String dollarTagAt(String script, int i) {
    int j = i + 1;
    while (j < script.length()) {
      char c = script.charAt(j);
      if (c == '$') {
        return script.substring(i, j + 1);
      }
      boolean identifierChar =
          Character.isLetter(c) || c == '_' || (j > i + 1 && Character.isDigit(c));
      if (!identifierChar) {
        return null;
      }
      j++;
    }
    return null;
  }

  /**
   * A {@code $} right after an identifier character belongs to the identifier (e.g. {@code a$1}).
   */
  private static boolean continuesIdentifier(String script, int i) {
    if (i == 0) {
      return false;
    }
    char before = script.charAt(i - 1);
    return Character.isLetterOrDigit(before) || before == '_';
  }

  private static int closingQuote(String script, int open, char quote) {
    int i = open + 1;
    while (i < script.length()) {
      if (script.charAt(i) == quote) {
        if (i + 1 < script.length() && script.charAt(i + 1) == quote) {
          i += 2; // doubled quote inside the string
          continue;
        }
        return i;
      }
      i++;
    }
    throw new IllegalArgumentException("Unterminated quote " + quote + " in migration script");
  }

  private static void add(List<String> statements, StringBuilder current) {
    String statement = current.toString().strip();
    if (!statement.isEmpty()) {
      statements.add(statement);
    }
    current.setLength(0);
  }
}
