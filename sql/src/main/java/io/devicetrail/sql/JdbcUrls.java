package io.devicetrail.sql;

import java.util.Locale;

/** JDBC URLs as they may appear in logs and messages: without the parts that can hold secrets. */
final class JdbcUrls {

  private JdbcUrls() {}

  /**
   * Drops the parameters and any user info: {@code jdbc:postgresql://u:p@h:5432/db?password=p}
   * becomes {@code jdbc:postgresql://h:5432/db}, and so does Redshift's {@code
   * jdbc:redshift://h:5439/db;UID=u;PWD=p}.
   */
  static String redact(String jdbcUrl) {
    int query = parametersStart(jdbcUrl);
    String base = query < 0 ? jdbcUrl : jdbcUrl.substring(0, query);
    int authority = base.indexOf("//");
    int at = base.lastIndexOf('@');
    return authority >= 0 && at > authority
        ? base.substring(0, authority + 2) + base.substring(at + 1)
        : base;
  }

  /** True when the URL carries a password parameter, which would show in process lists. */
  static boolean carriesPassword(String jdbcUrl) {
    int query = parametersStart(jdbcUrl);
    if (query < 0) {
      return false;
    }
    for (String param : jdbcUrl.substring(query + 1).split("[&;?]")) {
      String name = param.toLowerCase(Locale.ROOT);
      if (name.startsWith("password=") || name.startsWith("pwd=")) { // PWD: redshift-jdbc42
        return true;
      }
    }
    return false;
  }

  /** pgjdbc's parameters follow {@code ?}; redshift-jdbc42 also takes {@code ;a=b;c=d}. */
  private static int parametersStart(String jdbcUrl) {
    int query = jdbcUrl.indexOf('?');
    int semicolon = jdbcUrl.indexOf(';');
    return query < 0 ? semicolon : semicolon < 0 ? query : Math.min(query, semicolon);
  }
}
