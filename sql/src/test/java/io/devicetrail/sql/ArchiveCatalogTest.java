package io.devicetrail.sql;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The external tables over the raw archive (catalog/athena_raw_archive.sql and
 * catalog/spectrum_raw_archive.sql) read the archive's Parquet files as the job writes them: the
 * same columns, in file order, with the types the Avro schemas give them (connectors'
 * ArchiveSchemas), and the same names as the warehouse's signal_raw and activity_event, which are
 * loaded from those files by position.
 *
 * <p>The sql module cannot depend on connectors (connectors' tests depend on this module), so the
 * Avro schemas are read from ArchiveSchemas' source in the same checkout; the parser refuses any
 * builder call it does not know, so a change there fails here rather than passing unread.
 */
class ArchiveCatalogTest {

  private static final Path ARCHIVE_SCHEMAS =
      Path.of("../connectors/src/main/java/io/devicetrail/connectors/archive/ArchiveSchemas.java");

  private static final Map<String, String> AVRO_TO_ATHENA =
      Map.of(
          "String",
          "string",
          "Double",
          "double",
          "Int",
          "int",
          "Long",
          "bigint",
          "Boolean",
          "boolean",
          "timestampMicros",
          "timestamp");

  @Test
  void athenasTablesHaveTheArchivesColumnsInFileOrderWithTheirTypes() throws Exception {
    Map<String, Map<String, String>> athena =
        externalTables(resource("catalog/athena_raw_archive.sql"));

    assertThat(athena.get("signal")).containsExactlyEntriesOf(avroColumns("SIGNAL"));
    assertThat(athena.get("activity")).containsExactlyEntriesOf(avroColumns("ACTIVITY"));
  }

  @Test
  void spectrumsTablesHaveTheSameColumnsInRedshiftTypes() throws Exception {
    Map<String, Map<String, String>> spectrum =
        externalTables(resource("catalog/spectrum_raw_archive.sql"));

    assertThat(inAthenaTypes(spectrum.get("signal")))
        .containsExactlyEntriesOf(avroColumns("SIGNAL"));
    assertThat(inAthenaTypes(spectrum.get("activity")))
        .containsExactlyEntriesOf(avroColumns("ACTIVITY"));
  }

  @Test
  void theArchivesColumnsAreTheWarehouseRawTablesColumns() throws Exception {
    Map<String, RedshiftDdl.Table> warehouse =
        RedshiftDdl.parse(
                WarehouseScripts.load(WarehouseFlavor.REDSHIFT).stream()
                    .map(WarehouseScript::sql)
                    .toList())
            .tables();

    assertThat(names(warehouse.get("signal_raw")))
        .containsExactlyElementsOf(avroColumns("SIGNAL").keySet());
    assertThat(names(warehouse.get("activity_event")))
        .containsExactlyElementsOf(avroColumns("ACTIVITY").keySet());
  }

  @Test
  void athenaProjectsEveryDailyPartitionUnderTheTablesLocation() throws Exception {
    String ddl = resource("catalog/athena_raw_archive.sql");
    for (String statement : externalTableStatements(ddl)) {
      String location = find("LOCATION\\s+'([^']+)'", statement);

      assertThat(statement).containsPattern("PARTITIONED BY \\(`date` string\\)");
      assertThat(statement).contains("STORED AS PARQUET");
      assertThat(property(statement, "projection.enabled")).isEqualTo("true");
      assertThat(property(statement, "projection.date.type")).isEqualTo("date");
      assertThat(property(statement, "projection.date.format")).isEqualTo("yyyy-MM-dd");
      assertThat(property(statement, "projection.date.range")).matches("\\d{4}-\\d{2}-\\d{2},NOW");
      assertThat(property(statement, "storage.location.template"))
          .isEqualTo(location + "date=${date}/");
    }
    assertThat(ddl).contains("starts with '.' or '_'");
  }

  @Test
  void spectrumRegistersEachDayAtTheArchivesPath() throws Exception {
    String ddl = resource("catalog/spectrum_raw_archive.sql");
    Map<String, String> locations = new LinkedHashMap<>();
    for (String statement : externalTableStatements(ddl)) {
      locations.put(
          find("devicetrail_archive\\.([a-z_]+)", statement),
          find("LOCATION\\s+'([^']+)'", statement));
      assertThat(statement).contains("PARTITIONED BY (\"date\" VARCHAR(10))");
    }
    Matcher add =
        Pattern.compile(
                "ALTER TABLE devicetrail_archive\\.([a-z_]+) ADD IF NOT EXISTS\\s+PARTITION"
                    + " \\(\"date\" = 'YYYY-MM-DD'\\) LOCATION '([^']+)'")
            .matcher(ddl);
    List<String> registered = new ArrayList<>();
    while (add.find()) {
      assertThat(add.group(2)).isEqualTo(locations.get(add.group(1)) + "date=YYYY-MM-DD/");
      registered.add(add.group(1));
    }
    assertThat(registered).containsExactlyElementsOf(locations.keySet());
  }

  // ------------------------------------------------------------------ the Avro schemas' source

  /** Field name to Athena type, in order, of {@code ArchiveSchemas.<constant>}. */
  private static Map<String, String> avroColumns(String constant) throws IOException {
    assertThat(ARCHIVE_SCHEMAS)
        .as("ArchiveSchemas' source, next to this module in the checkout")
        .exists();
    String source = Files.readString(ARCHIVE_SCHEMAS, StandardCharsets.UTF_8);
    int start = source.indexOf("Schema " + constant + " =");
    assertThat(start).as("ArchiveSchemas." + constant).isNotNegative();
    String chain = source.substring(start, source.indexOf(".endRecord()", start));
    Matcher call =
        Pattern.compile("\\.([a-zA-Z]+)\\(([^()]*(?:\\([^()]*\\))?[^()]*)\\)").matcher(chain);
    Map<String, String> columns = new LinkedHashMap<>();
    String named = null;
    while (call.find()) {
      String method = call.group(1);
      String argument = call.group(2).replace("\"", "").strip();
      Matcher typed = Pattern.compile("(required|optional)([A-Z][a-z]+)").matcher(method);
      if (typed.matches()) {
        columns.put(argument, AVRO_TO_ATHENA.get(typed.group(2)));
      } else if (method.equals("name")) {
        named = argument;
      } else if (method.equals("type")) {
        assertThat(argument).as("the type of " + named).isEqualTo("timestampMicros()");
        columns.put(named, AVRO_TO_ATHENA.get("timestampMicros"));
      } else {
        assertThat(method)
            .as("a builder call ArchiveCatalogTest knows")
            .isIn("record", "namespace", "doc", "fields", "noDefault");
      }
    }
    assertThat(columns).isNotEmpty().doesNotContainValue(null);
    return columns;
  }

  // ------------------------------------------------------------------ the DDL files

  private static Map<String, Map<String, String>> externalTables(String ddl) {
    Map<String, Map<String, String>> tables = new LinkedHashMap<>();
    for (String statement : externalTableStatements(ddl)) {
      String table = find("devicetrail_archive\\.([a-z_]+)\\s*\\(", statement);
      int open = statement.indexOf('(');
      int close = closing(statement, open);
      Map<String, String> columns = new LinkedHashMap<>();
      for (String line : statement.substring(open + 1, close).split(",\\s*\\n")) {
        Matcher m = Pattern.compile("\\s*([a-z_]+)\\s+([A-Za-z]+(?: PRECISION)?)").matcher(line);
        assertThat(m.lookingAt()).as(table + ": " + line).isTrue();
        columns.put(m.group(1), m.group(2));
      }
      tables.put(table, columns);
    }
    return tables;
  }

  private static List<String> externalTableStatements(String ddl) {
    return SqlStatements.split(ddl).stream()
        .filter(s -> s.startsWith("CREATE EXTERNAL TABLE"))
        .toList();
  }

  private static Map<String, String> inAthenaTypes(Map<String, String> redshift) {
    Map<String, String> athena = new LinkedHashMap<>();
    redshift.forEach(
        (name, type) ->
            athena.put(
                name,
                switch (type.toUpperCase(Locale.ROOT)) {
                  case "VARCHAR" -> "string";
                  case "DOUBLE PRECISION" -> "double";
                  case "INTEGER" -> "int";
                  case "BIGINT" -> "bigint";
                  case "BOOLEAN" -> "boolean";
                  case "TIMESTAMP" -> "timestamp";
                  default -> "no Athena twin for " + type;
                }));
    return athena;
  }

  private static List<String> names(RedshiftDdl.Table table) {
    return table.columns().stream().map(RedshiftDdl.Column::name).toList();
  }

  private static String property(String statement, String key) {
    return find("'" + Pattern.quote(key) + "'\\s*=\\s*'([^']*)'", statement);
  }

  private static String find(String regex, String text) {
    Matcher m = Pattern.compile(regex).matcher(text);
    assertThat(m.find()).as(regex).isTrue();
    return m.group(1);
  }

  private static int closing(String text, int open) {
    int depth = 0;
    boolean quoted = false;
    for (int i = open; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '\'') {
        quoted = !quoted;
      } else if (!quoted) {
        depth += c == '(' ? 1 : c == ')' ? -1 : 0;
        if (depth == 0) {
          return i;
        }
      }
    }
    throw new IllegalArgumentException("Unbalanced parentheses");
  }

  private static String resource(String name) throws IOException {
    try (InputStream in = ArchiveCatalogTest.class.getClassLoader().getResourceAsStream(name)) {
      assertThat(in).as(name).isNotNull();
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }
}
