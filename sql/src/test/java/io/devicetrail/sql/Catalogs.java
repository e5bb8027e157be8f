package io.devicetrail.sql;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Reads a database's comments, views, functions, privileges and row-level security back from the
 * PostgreSQL catalog, in the flavour-neutral terms of {@link RedshiftDdl.Catalog}.
 */
final class Catalogs {

  /** Relations of the public schema that belong to the migration runners, not to the schema. */
  static final Set<String> HISTORY_TABLES =
      Set.of(WarehouseMigrator.HISTORY_TABLE, "flyway_schema_history");

  private Catalogs() {}

  /** {@code relation} or {@code relation.column} to its comment. */
  static Map<String, String> comments(Connection c) throws SQLException {
    Map<String, String> comments = new TreeMap<>();
    try (Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery(
                "SELECT cl.relname || COALESCE('.' || a.attname, ''), d.description"
                    + " FROM pg_description d"
                    + " JOIN pg_class cl ON cl.oid = d.objoid"
                    + "  AND d.classoid = 'pg_class'::regclass"
                    + " JOIN pg_namespace n ON n.oid = cl.relnamespace AND n.nspname = 'public'"
                    + " LEFT JOIN pg_attribute a ON a.attrelid = cl.oid AND a.attnum = d.objsubid"
                    + "  AND d.objsubid > 0")) {
      while (rs.next()) {
        comments.put(rs.getString(1), rs.getString(2));
      }
    }
    return comments;
  }

  /**
   * Every column of every table and view of the public schema, as {@code relation.column}; the
   * runners' history tables and the partitions of partitioned tables (which share their parent's
   * columns) excepted.
   */
  static Set<String> columns(Connection c) throws SQLException {
    return strings(
        c,
        "SELECT cl.relname || '.' || a.attname FROM pg_attribute a"
            + " JOIN pg_class cl ON cl.oid = a.attrelid"
            + " JOIN pg_namespace n ON n.oid = cl.relnamespace AND n.nspname = 'public'"
            + " WHERE cl.relkind IN ('r', 'p', 'v', 'm') AND NOT cl.relispartition"
            + " AND a.attnum > 0 AND NOT a.attisdropped"
            + historyExcepted("cl.relname"));
  }

  /** The tables and views of the public schema, as {@link #columns} counts them. */
  static Set<String> relations(Connection c) throws SQLException {
    return strings(
        c,
        "SELECT cl.relname FROM pg_class cl"
            + " JOIN pg_namespace n ON n.oid = cl.relnamespace AND n.nspname = 'public'"
            + " WHERE cl.relkind IN ('r', 'p', 'v', 'm') AND NOT cl.relispartition"
            + historyExcepted("cl.relname"));
  }

  static Set<String> views(Connection c) throws SQLException {
    return strings(
        c, "SELECT table_name FROM information_schema.views WHERE table_schema = 'public'");
  }

  /** The views that run with the reading session's rights (PostgreSQL 15 security_invoker). */
  static Set<String> securityInvokerViews(Connection c) throws SQLException {
    return strings(
        c,
        "SELECT cl.relname FROM pg_class cl"
            + " JOIN pg_namespace n ON n.oid = cl.relnamespace AND n.nspname = 'public'"
            + " WHERE cl.relkind = 'v' AND 'security_invoker=true' = ANY(cl.reloptions)");
  }

  static Set<String> functions(Connection c) throws SQLException {
    return strings(
        c,
        "SELECT p.proname FROM pg_proc p"
            + " JOIN pg_namespace n ON n.oid = p.pronamespace AND n.nspname = 'public'"
            + " WHERE p.prokind = 'f'");
  }

  /**
   * The privileges granted to the devicetrail_* roles, as {@code "role PRIVILEGE object"}: tables
   * and views by name, {@code "schema public"}, functions by name.
   */
  static Set<String> grants(Connection c) throws SQLException {
    Set<String> grants =
        strings(
            c,
            "SELECT grantee || ' ' || privilege_type || ' ' || table_name"
                + " FROM information_schema.table_privileges"
                + " WHERE table_schema = 'public' AND grantee LIKE 'devicetrail\\_%'");
    grants.addAll(
        strings(
            c,
            "SELECT a.grantee::regrole::text || ' ' || a.privilege_type || ' schema ' || n.nspname"
                + " FROM pg_namespace n, aclexplode(n.nspacl) a"
                + " WHERE n.nspname = 'public' AND a.grantee <> 0"
                + " AND a.grantee::regrole::text LIKE 'devicetrail\\_%'"));
    grants.addAll(
        strings(
            c,
            "SELECT grantee || ' ' || privilege_type || ' ' || routine_name"
                + " FROM information_schema.routine_privileges"
                + " WHERE routine_schema = 'public' AND grantee LIKE 'devicetrail\\_%'"));
    return grants;
  }

  static Set<String> granteesOf(Set<String> grants) {
    Set<String> roles = new TreeSet<>();
    grants.forEach(g -> roles.add(g.substring(0, g.indexOf(' '))));
    return roles;
  }

  /** The tables with row-level security on. */
  static Set<String> rlsTables(Connection c) throws SQLException {
    return strings(
        c,
        "SELECT cl.relname FROM pg_class cl"
            + " JOIN pg_namespace n ON n.oid = cl.relnamespace AND n.nspname = 'public'"
            + " WHERE cl.relrowsecurity");
  }

  /**
   * Relations of the public schema {@code role} may SELECT that neither have row-level security on
   * nor are security-invoker views: for a tenant-restricted role, there must be none.
   */
  static Set<String> readableWithoutRowSecurity(Connection c, String role) throws SQLException {
    return strings(
        c,
        "SELECT cl.relname FROM pg_class cl"
            + " JOIN pg_namespace n ON n.oid = cl.relnamespace AND n.nspname = 'public'"
            + " WHERE cl.relkind IN ('r', 'p', 'v', 'm', 'f')"
            + " AND has_table_privilege('"
            + role
            + "', cl.oid, 'SELECT')"
            + " AND NOT cl.relrowsecurity"
            + " AND NOT (cl.relkind = 'v' AND 'security_invoker=true' = ANY(cl.reloptions))");
  }

  /**
   * Relation to the roles whose rows it restricts: tables with a policy naming the client role, and
   * security-invoker views (which apply their tables' policies), as Redshift attaches its tenant
   * policy to tables and views.
   */
  static Map<String, Set<String>> restrictedRelations(Connection c) throws SQLException {
    Map<String, Set<String>> restricted = new TreeMap<>();
    try (Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery(
                "SELECT tablename, r FROM pg_policies, unnest(roles) r"
                    + " WHERE schemaname = 'public' AND qual <> 'true'")) {
      while (rs.next()) {
        restricted.computeIfAbsent(rs.getString(1), t -> new TreeSet<>()).add(rs.getString(2));
      }
    }
    Set<String> restrictedRoles = new TreeSet<>();
    restricted.values().forEach(restrictedRoles::addAll);
    for (String view : securityInvokerViews(c)) {
      restricted.put(view, new TreeSet<>(restrictedRoles));
    }
    return restricted;
  }

  /**
   * Roles with an all-rows policy ({@code USING (true)}) on every table with row-level security.
   */
  static Set<String> rolesReadingEveryRow(Connection c) throws SQLException {
    return strings(
        c,
        "SELECT r FROM pg_policies, unnest(roles) r"
            + " WHERE schemaname = 'public' AND qual = 'true'"
            + " GROUP BY r HAVING count(DISTINCT tablename) = (SELECT count(*) FROM pg_class cl"
            + "   JOIN pg_namespace n ON n.oid = cl.relnamespace AND n.nspname = 'public'"
            + "   WHERE cl.relrowsecurity)");
  }

  private static String historyExcepted(String column) {
    return " AND "
        + column
        + " NOT IN ('"
        + String.join("', '", new TreeSet<>(HISTORY_TABLES))
        + "')";
  }

  private static Set<String> strings(Connection c, String sql) throws SQLException {
    Set<String> values = new TreeSet<>();
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      while (rs.next()) {
        values.add(rs.getString(1));
      }
    }
    return values;
  }
}
