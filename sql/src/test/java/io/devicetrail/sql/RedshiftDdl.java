package io.devicetrail.sql;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A small parser for the Redshift migrations: enough to compare them with the stand-in and to check
 * their physical design and access rules, which no database here can do. It understands the kinds
 * of statement the scripts use and refuses any other, so that a new kind of statement cannot slip
 * past WarehouseFlavoursTest unchecked: teach it here, and compare it there.
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

  /**
   * Everything the scripts define, in flavour-neutral terms.
   *
   * @param comments {@code relation} or {@code relation.column} to its comment text
   * @param grants {@code "role PRIVILEGE object"}, e.g. {@code "devicetrail_loader INSERT
   *     signal_raw"}, {@code "devicetrail_client USAGE schema public"}, {@code "devicetrail_client
   *     EXECUTE f_signal_tier"}
   * @param rlsAttachments relation to the roles a row-level security policy is attached to
   */
  record Catalog(
      Map<String, Table> tables,
      Map<String, String> comments,
      Set<String> views,
      Set<String> functions,
      Set<String> roles,
      Set<String> grants,
      Set<String> ignoreRlsRoles,
      Set<String> rlsOn,
      Map<String, Set<String>> rlsAttachments,
      Set<String> leftoverProcedures) {}

  private static final String NAME = "([a-z_][a-z0-9_]*)";
  private static final Pattern CREATE =
      Pattern.compile("(?is)CREATE\\s+TABLE\\s+" + NAME + "\\s*\\(.*");
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

  private static final Pattern COMMENT_ON_RELATION =
      Pattern.compile("(?is)COMMENT\\s+ON\\s+(?:TABLE|VIEW)\\s+" + NAME + "\\s+IS\\s+'(.*)'");
  private static final Pattern COMMENT_ON_COLUMN =
      Pattern.compile(
          "(?is)COMMENT\\s+ON\\s+COLUMN\\s+" + NAME + "\\." + NAME + "\\s+IS\\s+'(.*)'");
  private static final Pattern CREATE_VIEW =
      Pattern.compile("(?is)CREATE\\s+VIEW\\s+" + NAME + "\\s+AS\\s.*");
  private static final Pattern CREATE_FUNCTION =
      Pattern.compile("(?is)CREATE\\s+FUNCTION\\s+" + NAME + "\\s*\\(.*\\$\\$\\s+LANGUAGE\\s+sql");
  private static final Pattern CREATE_PROCEDURE =
      Pattern.compile("(?is)CREATE\\s+PROCEDURE\\s+" + NAME + "\\s*\\(.*LANGUAGE\\s+plpgsql");
  private static final Pattern CALL_CREATE_ROLE =
      Pattern.compile("(?is)CALL\\s+" + NAME + "\\s*\\(\\s*'" + NAME + "'\\s*\\)");
  private static final Pattern DROP_PROCEDURE =
      Pattern.compile("(?is)DROP\\s+PROCEDURE\\s+" + NAME + "\\s*\\(.*\\)");
  private static final Pattern GRANT_ON_TABLES =
      Pattern.compile("(?is)GRANT\\s+([A-Z, ]+?)\\s+ON\\s+TABLE\\s+(.+?)\\s+TO\\s+(.+)");
  private static final Pattern GRANT_ON_SCHEMA =
      Pattern.compile("(?is)GRANT\\s+USAGE\\s+ON\\s+SCHEMA\\s+" + NAME + "\\s+TO\\s+(.+)");
  private static final Pattern GRANT_ON_FUNCTION =
      Pattern.compile(
          "(?is)GRANT\\s+EXECUTE\\s+ON\\s+FUNCTION\\s+" + NAME + "\\s*\\([^)]*\\)\\s+TO\\s+(.+)");
  private static final Pattern GRANT_IGNORE_RLS =
      Pattern.compile("(?is)GRANT\\s+IGNORE\\s+RLS\\s+TO\\s+(.+)");
  private static final Pattern CREATE_RLS_POLICY =
      Pattern.compile("(?is)CREATE\\s+RLS\\s+POLICY\\s+" + NAME + "\\s.*USING\\s*\\(.*\\)");
  private static final Pattern ATTACH_RLS_POLICY =
      Pattern.compile("(?is)ATTACH\\s+RLS\\s+POLICY\\s+" + NAME + "\\s+ON\\s+(.+?)\\s+TO\\s+(.+)");
  private static final Pattern RLS_ON =
      Pattern.compile("(?is)ALTER\\s+TABLE\\s+" + NAME + "\\s+ROW\\s+LEVEL\\s+SECURITY\\s+ON");

  private RedshiftDdl() {}

  /** Every CREATE TABLE of the script, by table name, in script order. */
  static Map<String, Table> tables(String script) {
    return parse(List.of(script)).tables();
  }

  /** What the scripts define, applied in order. */
  static Catalog parse(List<String> scripts) {
    Map<String, Table> tables = new LinkedHashMap<>();
    Map<String, String> comments = new TreeMap<>();
    Set<String> views = new TreeSet<>();
    Set<String> functions = new TreeSet<>();
    Set<String> procedures = new TreeSet<>();
    Set<String> roles = new TreeSet<>();
    Set<String> grants = new TreeSet<>();
    Set<String> ignoreRls = new TreeSet<>();
    Set<String> rlsOn = new TreeSet<>();
    Map<String, Set<String>> attachments = new TreeMap<>();
    for (String script : scripts) {
      for (String statement : SqlStatements.split(script)) {
        Matcher m;
        if ((m = CREATE.matcher(statement)).matches()) {
          int open = statement.indexOf('(');
          int close = matchingParen(statement, open);
          Table table =
              table(
                  m.group(1), statement.substring(open + 1, close), statement.substring(close + 1));
          tables.put(table.name(), table);
        } else if ((m = COMMENT_ON_RELATION.matcher(statement)).matches()) {
          comments.put(m.group(1), unquote(m.group(2)));
        } else if ((m = COMMENT_ON_COLUMN.matcher(statement)).matches()) {
          comments.put(m.group(1) + "." + m.group(2), unquote(m.group(3)));
        } else if ((m = CREATE_VIEW.matcher(statement)).matches()) {
          views.add(m.group(1));
        } else if ((m = CREATE_FUNCTION.matcher(statement)).matches()) {
          functions.add(m.group(1));
        } else if ((m = CREATE_PROCEDURE.matcher(statement)).matches()) {
          procedures.add(m.group(1));
        } else if ((m = CALL_CREATE_ROLE.matcher(statement)).matches()
            && m.group(1).endsWith("create_role_if_missing")) {
          roles.add(m.group(2));
        } else if ((m = DROP_PROCEDURE.matcher(statement)).matches()) {
          procedures.remove(m.group(1));
        } else if ((m = GRANT_ON_TABLES.matcher(statement)).matches()) {
          for (String role : roles(m.group(3))) {
            for (String privilege : names(m.group(1))) {
              for (String table : names(m.group(2))) {
                grants.add(role + " " + privilege.toUpperCase(Locale.ROOT) + " " + table);
              }
            }
          }
        } else if ((m = GRANT_ON_SCHEMA.matcher(statement)).matches()) {
          String schema = m.group(1);
          roles(m.group(2)).forEach(role -> grants.add(role + " USAGE schema " + schema));
        } else if ((m = GRANT_ON_FUNCTION.matcher(statement)).matches()) {
          String function = m.group(1);
          roles(m.group(2)).forEach(role -> grants.add(role + " EXECUTE " + function));
        } else if ((m = GRANT_IGNORE_RLS.matcher(statement)).matches()) {
          ignoreRls.addAll(roles(m.group(1)));
        } else if (CREATE_RLS_POLICY.matcher(statement).matches()) {
          continue; // what it filters is checked on the stand-in; where it applies, below
        } else if ((m = ATTACH_RLS_POLICY.matcher(statement)).matches()) {
          List<String> attachedTo = roles(m.group(3));
          for (String relation : names(m.group(2))) {
            attachments.computeIfAbsent(relation, r -> new TreeSet<>()).addAll(attachedTo);
          }
        } else if ((m = RLS_ON.matcher(statement)).matches()) {
          rlsOn.add(m.group(1));
        } else {
          throw new IllegalArgumentException(
              "RedshiftDdl does not understand this statement; teach it (and compare the result"
                  + " with the stand-in in WarehouseFlavoursTest): "
                  + statement);
        }
      }
    }
    return new Catalog(
        tables,
        comments,
        views,
        functions,
        roles,
        grants,
        ignoreRls,
        rlsOn,
        attachments,
        procedures);
  }

  /** {@code ROLE a, ROLE b} (or bare names) to {@code [a, b]}. */
  private static List<String> roles(String list) {
    return names(list).stream().map(r -> r.replaceFirst("(?i)^ROLE\\s+", "")).toList();
  }

  private static String unquote(String literal) {
    return literal.replace("''", "'");
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
