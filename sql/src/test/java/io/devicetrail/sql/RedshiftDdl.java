package io.devicetrail.sql;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A small parser for the CREATE TABLE statements of the Redshift migrations: enough to compare them
 * with the stand-in and to check their physical design, which no database here can do.
 */
final class RedshiftDdl {

  /** One column as written: type as in the script, its encoding, and its constraints. */
  record Column(String name, String type, boolean notNull, boolean identity, String encode) {

    /** The column as PostgreSQL's catalog would show its stand-in ({@link WarehouseSchema}). */
    String inPostgresTerms() {
      return name
          + " "
          + postgresType(type)
          + (notNull ? " not null" : "")
          + (identity ? " identity" : "");
    }
  }

  /** One table: columns in order, key, and the distribution and sort clauses. */
  record Table(
      String name,
      List<Column> columns,
      List<String> primaryKey,
      String distStyle,
      String distKey,
      List<String> sortKey) {

    Column column(String name) {
      return columns.stream()
          .filter(c -> c.name().equals(name))
          .findFirst()
          .orElseThrow(() -> new AssertionError(this.name + " has no column " + name));
    }
  }

  private static final Pattern CREATE =
      Pattern.compile("(?is)CREATE\\s+TABLE\\s+([a-z_][a-z0-9_]*)\\s*\\(.*");
  private static final Pattern COLUMN =
      Pattern.compile(
          "(?is)([a-z_][a-z0-9_]*)\\s+"
              + "(VARCHAR\\(\\d+\\)|DOUBLE PRECISION|TIMESTAMPTZ|INTEGER|BIGINT|BOOLEAN|SUPER)"
              + "(\\s+IDENTITY\\(1,\\s*1\\))?"
              + "(\\s+NOT NULL)?"
              + "\\s+ENCODE\\s+([A-Z0-9]+)");
  private static final Pattern PRIMARY_KEY = Pattern.compile("(?is)PRIMARY KEY\\s*\\((.*)\\)");
  private static final Pattern DIST_STYLE = Pattern.compile("(?is)DISTSTYLE\\s+([A-Z]+)");
  private static final Pattern DIST_KEY = Pattern.compile("(?is)DISTKEY\\s*\\(([^)]*)\\)");
  private static final Pattern SORT_KEY =
      Pattern.compile("(?is)(?:COMPOUND\\s+)?SORTKEY\\s*\\(([^)]*)\\)");

  private RedshiftDdl() {}

  /** Every CREATE TABLE of the script, by table name, in script order. */
  static Map<String, Table> tables(String script) {
    Map<String, Table> tables = new LinkedHashMap<>();
    for (String statement : SqlStatements.split(script)) {
      Matcher create = CREATE.matcher(statement);
      if (!create.matches()) {
        throw new IllegalArgumentException("Not a CREATE TABLE: " + statement);
      }
      int open = statement.indexOf('(');
      int close = matchingParen(statement, open);
      Table table =
          table(
              create.group(1),
              statement.substring(open + 1, close),
              statement.substring(close + 1));
      tables.put(table.name(), table);
    }
    return tables;
  }

  private static Table table(String name, String body, String attributes) {
    List<Column> columns = new ArrayList<>();
    List<String> primaryKey = List.of();
    for (String element : topLevelElements(body)) {
      Matcher pk = PRIMARY_KEY.matcher(element);
      if (pk.matches()) {
        primaryKey = names(pk.group(1));
        continue;
      }
      Matcher column = COLUMN.matcher(element);
      if (!column.matches()) {
        throw new IllegalArgumentException(
            "Column of " + name + " not in the expected form: " + element);
      }
      columns.add(
          new Column(
              column.group(1),
              column.group(2).toUpperCase(Locale.ROOT),
              column.group(4) != null,
              column.group(3) != null,
              column.group(5).toUpperCase(Locale.ROOT)));
    }
    return new Table(
        name,
        columns,
        primaryKey,
        find(DIST_STYLE, attributes),
        find(DIST_KEY, attributes),
        names(find(SORT_KEY, attributes)));
  }

  private static int matchingParen(String text, int open) {
    int depth = 0;
    for (int i = open; i < text.length(); i++) {
      depth += text.charAt(i) == '(' ? 1 : text.charAt(i) == ')' ? -1 : 0;
      if (depth == 0) {
        return i;
      }
    }
    throw new IllegalArgumentException("Unbalanced parentheses in " + text);
  }

  private static List<String> topLevelElements(String body) {
    List<String> elements = new ArrayList<>();
    int depth = 0;
    StringBuilder current = new StringBuilder();
    for (char c : body.toCharArray()) {
      if (c == ',' && depth == 0) {
        elements.add(current.toString().strip());
        current.setLength(0);
        continue;
      }
      depth += c == '(' ? 1 : c == ')' ? -1 : 0;
      current.append(c);
    }
    elements.add(current.toString().strip());
    return elements;
  }

  private static String find(Pattern pattern, String text) {
    Matcher m = pattern.matcher(text);
    return m.find() ? m.group(1).strip() : "";
  }

  private static List<String> names(String list) {
    if (list.isBlank()) {
      return List.of();
    }
    return List.of(list.split("\\s*,\\s*")).stream().map(String::strip).toList();
  }

  private static String postgresType(String redshiftType) {
    if (redshiftType.startsWith("VARCHAR(")) {
      return "character varying" + redshiftType.substring("VARCHAR".length());
    }
    return switch (redshiftType) {
      case "DOUBLE PRECISION" -> "double precision";
      case "TIMESTAMPTZ" -> "timestamp with time zone";
      case "INTEGER" -> "integer";
      case "BIGINT" -> "bigint";
      case "BOOLEAN" -> "boolean";
      case "SUPER" -> "jsonb";
      default -> throw new IllegalArgumentException("No stand-in type for " + redshiftType);
    };
  }
}
