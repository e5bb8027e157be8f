package io.devicetrail.sql;

import static org.assertj.core.api.Assertions.assertThat;

import io.devicetrail.localservices.LocalPostgres;
import io.devicetrail.localservices.PostgresOptions;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Redshift migrations cannot run here, so their text is parsed and held against the stand-in
 * applied to a real PostgreSQL: the two flavours must define the same tables, columns, types and
 * keys. The Redshift-only physical design is checked on the text as well.
 */
class WarehouseFlavoursTest {

  private static final Set<String> AZ64_TYPES = Set.of("INTEGER", "BIGINT", "TIMESTAMPTZ");

  @TempDir static Path dataDir;
  private static LocalPostgres postgres;
  private static Map<String, RedshiftDdl.Table> redshift;

  @BeforeAll
  static void migrateStandIn() throws Exception {
    postgres = LocalPostgres.start(dataDir, PostgresOptions.fastForTests());
    postgres.createDatabaseIfMissing("warehouse");
    Migrations.migrateWarehouse(
        postgres.jdbcUrl("warehouse"),
        postgres.user(),
        postgres.password(),
        WarehouseFlavor.POSTGRES);
    redshift = new LinkedHashMap<>();
    for (WarehouseScript script : WarehouseScripts.load(WarehouseFlavor.REDSHIFT)) {
      redshift.putAll(RedshiftDdl.tables(script.sql()));
    }
  }

  @AfterAll
  static void stopPostgres() {
    if (postgres != null) {
      postgres.close();
    }
  }

  @Test
  void bothFlavoursHaveTheSameVersionedScripts() {
    assertThat(WarehouseScripts.load(WarehouseFlavor.REDSHIFT))
        .extracting(WarehouseScript::name)
        .isEqualTo(
            WarehouseScripts.load(WarehouseFlavor.POSTGRES).stream()
                .map(WarehouseScript::name)
                .toList())
        .isNotEmpty();
  }

  @Test
  void redshiftDefinesTheStandInsTablesColumnsAndTypesInTheSameOrder() throws Exception {
    Map<String, List<String>> redshiftColumns = new TreeMap<>();
    redshift.forEach(
        (name, table) ->
            redshiftColumns.put(
                name, table.columns().stream().map(RedshiftDdl.Column::inPostgresTerms).toList()));

    try (Connection c = postgres.connect("warehouse")) {
      assertThat(redshiftColumns).isEqualTo(WarehouseSchema.columns(c));
    }
  }

  @Test
  void redshiftDeclaresTheStandInsPrimaryKeys() throws Exception {
    Map<String, List<String>> redshiftKeys = new TreeMap<>();
    redshift.forEach((name, table) -> redshiftKeys.put(name, table.primaryKey()));

    try (Connection c = postgres.connect("warehouse")) {
      assertThat(redshiftKeys).isEqualTo(WarehouseSchema.primaryKeys(c));
    }
  }

  @Test
  void everyRedshiftTableIsDistributedByDeviceAndSortedByTimeFirst() {
    assertThat(redshift.values())
        .isNotEmpty()
        .allSatisfy(
            table -> {
              assertThat(table.distStyle()).as(table.name()).isEqualTo("KEY");
              assertThat(table.distKey()).as(table.name()).isEqualTo("device_id");
              assertThat(table.sortKey()).as(table.name()).hasSize(2).endsWith("device_id");
              RedshiftDdl.Column leading = table.column(table.sortKey().get(0));
              assertThat(leading.type()).as(table.name()).isEqualTo("TIMESTAMPTZ");
              assertThat(leading.encode())
                  .as("%s.%s, the leading sort key column", table.name(), leading.name())
                  .isEqualTo("RAW");
            });
  }

  @Test
  void everyOtherRedshiftColumnIsCompressedWithAnEncodingItsTypeSupports() {
    assertThat(redshift.values())
        .allSatisfy(
            table ->
                assertThat(table.columns())
                    .filteredOn(column -> !column.name().equals(table.sortKey().get(0)))
                    .allSatisfy(
                        column ->
                            assertThat(column.encode())
                                .as("%s.%s %s", table.name(), column.name(), column.type())
                                .isEqualTo(AZ64_TYPES.contains(column.type()) ? "AZ64" : "ZSTD")));
  }

  @Test
  void dimDeviceHasAnIdentitySurrogateKey() {
    RedshiftDdl.Column key = redshift.get("dim_device").column("device_key");

    assertThat(key.type()).isEqualTo("BIGINT");
    assertThat(key.identity()).isTrue();
    assertThat(redshift.get("dim_device").primaryKey()).containsExactly("device_key");
  }
}
