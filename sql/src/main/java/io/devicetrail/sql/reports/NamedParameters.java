package io.devicetrail.sql.reports;

import java.util.ArrayList;
import java.util.List;

/**
 * A report's SQL with its named placeholders ({@code :tenant_id}) turned into JDBC's {@code ?}, and
 * the name behind each {@code ?} in order. Placeholders inside quoted strings, quoted identifiers,
 * comments and dollar-quoted bodies are text, and so is a PostgreSQL cast ({@code ::}).
 *
 * @param jdbcSql the SQL with {@code ?} for each placeholder occurrence
 * @param names the placeholder name of each {@code ?}, in order (a name used twice appears twice)
 */
record NamedParameters(String jdbcSql, List<String> names) {

  NamedParameters {
    names = List.copyOf(names);
  }

  static NamedParameters parse(String sql) {
    StringBuilder out = new StringBuilder(sql.length());
    List<String> names = new ArrayList<>();
    int i = 0;
    int n = sql.length();
    while (i < n) {
      char c = sql.charAt(i);
      int end;
      if (c == '-' && i + 1 < n && sql.charAt(i + 1) == '-') {
        end = sql.indexOf('\n', i);
        end = end < 0 ? n : end;
      } else if (c == '/' && i + 1 < n && sql.charAt(i + 1) == '*') {
        end = sql.indexOf("*/", i + 2);
        end = end < 0 ? n : end + 2;
      } else if (c == '\'' || c == '"') {
        end = closingQuote(sql, i, c) + 1;
      } else if (c == '$' && dollarTag(sql, i) != null) {
        String tag = dollarTag(sql, i);
        end = sql.indexOf(tag, i + tag.length());
        end = end < 0 ? n : end + tag.length();
      } else if (c == ':' && i + 1 < n && sql.charAt(i + 1) == ':') {
        end = i + 2; // a cast
      } else if (c == ':' && i + 1 < n && isNameStart(sql.charAt(i + 1))) {
        end = i + 1;
        while (end < n && isNamePart(sql.charAt(end))) {
          end++;
        }
        names.add(sql.substring(i + 1, end));
        out.append('?');
        i = end;
        continue;
      } else {
        end = i + 1;
      }
      out.append(sql, i, end);
      i = end;
    }
    return new NamedParameters(out.toString(), names);
  }

  private static int closingQuote(String sql, int open, char quote) {
    int i = open + 1;
    while (i < sql.length()) {
      if (sql.charAt(i) == quote) {
        if (i + 1 < sql.length() && sql.charAt(i + 1) == quote) {
          i += 2;
          continue;
        }
        return i;
      }
      i++;
    }
    throw new IllegalArgumentException("Unterminated quote " + quote + " in report SQL");
  }

  private static String dollarTag(String sql, int i) {
    if (i > 0 && isNamePart(sql.charAt(i - 1))) {
      return null;
    }
    int j = i + 1;
    while (j < sql.length()) {
      char c = sql.charAt(j);
      if (c == '$') {
        return sql.substring(i, j + 1);
      }
      if (!(isNameStart(c) || (j > i + 1 && Character.isDigit(c)))) {
        return null;
      }
      j++;
    }
    return null;
  }

  private static boolean isNameStart(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
  }

  private static boolean isNamePart(char c) {
    return isNameStart(c) || (c >= '0' && c <= '9');
  }
}
