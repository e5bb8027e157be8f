package io.devicetrail.sql;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits a migration script into statements at the semicolons outside comments, quoted strings and
 * quoted identifiers. Enough for DDL scripts; dollar-quoted bodies (functions) are not supported.
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
