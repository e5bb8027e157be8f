package io.devicetrail.sql.reports;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One of the SQL reports of {@code sql/reports/} (on the classpath as {@code reports/<name>.sql}),
 * ready to run over JDBC with its named placeholders bound.
 *
 * <p>A report file starts with a comment block: a title line, what it answers, and a {@code
 * Parameters:} list with one line per placeholder ({@code -- :tenant_id VARCHAR the tenant, or NULL
 * for every tenant}). Placeholders are written {@code :name}, each inside a {@code CAST} so that
 * its type never depends on the driver; a name may be used several times.
 *
 * <pre>{@code
 * Report worst = Report.load("worst_devices");
 * try (PreparedStatement ps = worst.prepare(connection, Map.of(
 *         "tenant_id", "acme", "window", "day", "as_of", Instant.now(),
 *         "metric", "coverage", "n", 10));
 *     ResultSet rs = ps.executeQuery()) { ... }
 * }</pre>
 */
public final class Report {

  /** Where the reports are on the classpath. */
  public static final String LOCATION = "reports";

  private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9_]*");
  private static final Pattern DOCUMENTED =
      Pattern.compile("^--\\s+:([a-z_][a-z0-9_]*)\\s+(\\S.*)$");

  private final String name;
  private final String sql;
  private final NamedParameters parsed;

  private Report(String name, String sql) {
    this.name = name;
    this.sql = sql;
    this.parsed = NamedParameters.parse(withoutTrailingSemicolon(sql));
  }

  /**
   * The report {@code reports/<name>.sql} from this module's classpath.
   *
   * @throws IllegalArgumentException when there is no such report
   */
  public static Report load(String name) {
    Objects.requireNonNull(name, "name cannot be null");
    if (!NAME.matcher(name).matches()) {
      throw new IllegalArgumentException("Not a report name: " + name);
    }
    String resource = LOCATION + "/" + name + ".sql";
    try (InputStream in = Report.class.getClassLoader().getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalArgumentException("No report " + resource + " on the classpath");
      }
      return new Report(name, new String(in.readAllBytes(), StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read " + resource, e);
    }
  }

  public String name() {
    return name;
  }

  /** The file's text, header comment included. */
  public String sql() {
    return sql;
  }

  /** The header's first line without its {@code --}: what the report is. */
  public String title() {
    return header().isEmpty() ? "" : header().get(0).replaceFirst("^--\\s*", "");
  }

  /** The placeholders the SQL uses, in the order of first use. */
  public Set<String> parameters() {
    return new LinkedHashSet<>(parsed.names());
  }

  /** The placeholders the header documents, each with its line of documentation. */
  public Map<String, String> documentedParameters() {
    Map<String, String> documented = new LinkedHashMap<>();
    for (String line : header()) {
      Matcher m = DOCUMENTED.matcher(line);
      if (m.matches()) {
        documented.put(m.group(1), m.group(2));
      }
    }
    return documented;
  }

  /**
   * A statement with every placeholder bound from {@code values} ({@link Instant}s as UTC {@code
   * timestamptz}, others as JDBC objects; a null value is SQL NULL).
   *
   * @throws IllegalArgumentException when a placeholder has no value or a value no placeholder
   */
  public PreparedStatement prepare(Connection connection, Map<String, ?> values)
      throws SQLException {
    Objects.requireNonNull(values, "values cannot be null");
    Set<String> missing = new TreeSet<>(parameters());
    missing.removeAll(values.keySet());
    Set<String> unknown = new TreeSet<>(values.keySet());
    unknown.removeAll(parameters());
    if (!missing.isEmpty() || !unknown.isEmpty()) {
      throw new IllegalArgumentException(
          "Report "
              + name
              + (missing.isEmpty() ? "" : " needs a value for " + missing)
              + (missing.isEmpty() || unknown.isEmpty() ? "" : " and")
              + (unknown.isEmpty() ? "" : " has no parameter " + unknown));
    }
    Objects.requireNonNull(connection, "connection cannot be null");
    PreparedStatement statement = connection.prepareStatement(parsed.jdbcSql());
    try {
      List<String> names = parsed.names();
      for (int i = 0; i < names.size(); i++) {
        Object value = values.get(names.get(i));
        statement.setObject(
            i + 1, value instanceof Instant instant ? instant.atOffset(ZoneOffset.UTC) : value);
      }
      return statement;
    } catch (SQLException | RuntimeException e) {
      statement.close();
      throw e;
    }
  }

  private List<String> header() {
    List<String> lines = new ArrayList<>();
    for (String line : sql.lines().toList()) {
      if (!line.startsWith("--")) {
        break;
      }
      lines.add(line);
    }
    return lines;
  }

  private static String withoutTrailingSemicolon(String sql) {
    String trimmed = sql.strip();
    return trimmed.endsWith(";") ? trimmed.substring(0, trimmed.length() - 1) : trimmed;
  }

  @Override
  public String toString() {
    return "Report[" + name + "]";
  }
}
