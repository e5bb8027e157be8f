package io.devicetrail.sql;

import java.util.Locale;

/** JDBC URLs as they may appear in logs and messages: without the parts that can hold secrets. */
final class JdbcUrls {

  private JdbcUrls() {}

  /**
   * Drops the parameters and any user info: {@code jdbc:postgresql://u:p@h:5432/db?password=p}
   * becomes {@code jdbc:postgresql://h:5432/db}.
   */
  static String redact(String jdbcUrl) {
    int query = jdbcUrl.indexOf('?');
    String base = query < 0 ? jdbcUrl : jdbcUrl.substring(0, query);
    int authority = base.indexOf("//");
    int at = base.lastIndexOf('@');
    return authority >= 0 && at > authority
        ? base.substring(0, authority + 2) + base.substring(at + 1)
        : base;
  }

  /** True when the URL carries a password parameter, which would show in process lists. */
  static boolean carriesPassword(String jdbcUrl) {
    int query = jdbcUrl.indexOf('?');
    if (query < 0) {
      return false;
    }
    for (String param : jdbcUrl.substring(query + 1).split("&")) {
      if (param.toLowerCase(Locale.ROOT).startsWith("password=")) {
        return true;
      }
    }
    return false;
  }
}
