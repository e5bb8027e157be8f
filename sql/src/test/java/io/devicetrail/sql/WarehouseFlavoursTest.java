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
import java.util.TreeSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Redshift migrations cannot run here, so their text is parsed and held against the stand-in
 * applied to a real PostgreSQL: the two flavours must define the same tables, columns, types and
 * keys, comments, views, functions, privileges and row-level security. The Redshift-only physical
 * design is checked on the text as well.
 */
class WarehouseFlavoursTest {

  private static final Set<String> AZ64_TYPES = Set.of("INTEGER", "BIGINT", "TIMESTAMPTZ");

  /** Redshift has no set-returning SQL functions: the stand-in's convenience has no twin. */
  private static final String STAND_IN_ONLY_FUNCTION = "signal_series";

  @TempDir static Path dataDir;
  private static LocalPostgres postgres;
  private static Map<String, RedshiftDdl.Table> redshift;
  private static RedshiftDdl.Catalog redshiftCatalog;

  @BeforeAll
  static void migrateStandIn() throws Exception {
    postgres = LocalPostgres.start(dataDir, PostgresOptions.fastForTests());
    postgres.createDatabaseIfMissing("warehouse");
    Migrations.migrateWarehouse(
        postgres.jdbcUrl("warehouse"),
        postgres.user(),
        postgres.password(),
        WarehouseFlavor.POSTGRES);
    redshiftCatalog =
        RedshiftDdl.parse(
            WarehouseScripts.load(WarehouseFlavor.REDSHIFT).stream()
                .map(WarehouseScript::sql)
                .toList());
    redshift = new LinkedHashMap<>(redshiftCatalog.tables());
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

  @Test
  void everyCommentIsTheSameInBothFlavours() throws Exception {
    try (Connection c = postgres.connect("warehouse")) {
      assertThat(redshiftCatalog.comments()).isNotEmpty().isEqualTo(Catalogs.comments(c));
    }
  }

  @Test
  void bothFlavoursDefineTheSameViews() throws Exception {
    try (Connection c = postgres.connect("warehouse")) {
      assertThat(redshiftCatalog.views()).containsExactlyElementsOf(Catalogs.views(c));
    }
  }

  @Test
  void theStandInAddsOnlyTheSetReturningSignalSeriesToRedshiftsFunctions() throws Exception {
    try (Connection c = postgres.connect("warehouse")) {
      Set<String> standIn = Catalogs.functions(c);

      assertThat(standIn).containsAll(redshiftCatalog.functions());
      assertThat(standIn)
          .containsExactlyInAnyOrderElementsOf(
              plus(redshiftCatalog.functions(), STAND_IN_ONLY_FUNCTION));
    }
  }

  @Test
  void bothFlavoursGrantTheSamePrivilegesToTheSameRoles() throws Exception {
    try (Connection c = postgres.connect("warehouse")) {
      Set<String> standIn = new TreeSet<>(Catalogs.grants(c));
      standIn.removeIf(grant -> grant.endsWith(" EXECUTE " + STAND_IN_ONLY_FUNCTION));

      assertThat(redshiftCatalog.grants()).isNotEmpty().isEqualTo(standIn);
      assertThat(redshiftCatalog.roles())
          .containsExactly(
              "devicetrail_analyst",
              "devicetrail_client",
              "devicetrail_loader",
              "devicetrail_maintenance")
          .isEqualTo(Catalogs.granteesOf(standIn));
      assertThat(redshiftCatalog.leftoverProcedures()).as("throw-away procedures").isEmpty();
    }
  }

  @Test
  void rowLevelSecurityRestrictsTheClientOnTheSameRelationsInBothFlavours() throws Exception {
    try (Connection c = postgres.connect("warehouse")) {
      Map<String, Set<String>> standIn = Catalogs.restrictedRelations(c);

      assertThat(redshiftCatalog.rlsAttachments()).isNotEmpty().isEqualTo(standIn);
      assertThat(redshiftCatalog.rlsOn()).isEqualTo(standIn.keySet());
    }
  }

  @Test
  void theRolesThatReadEveryRowAreTheSameInBothFlavours() throws Exception {
    try (Connection c = postgres.connect("warehouse")) {
      assertThat(redshiftCatalog.ignoreRlsRoles())
          .containsExactly("devicetrail_analyst", "devicetrail_loader", "devicetrail_maintenance")
          .isEqualTo(Catalogs.rolesReadingEveryRow(c));
    }
  }

  /**
   * Redshift exempts no table owner from row-level security ("For DELETE, you can delete only the
   * rows that are visible to you"): the role retention runs with must ignore it, or retention
   * deletes nothing on a table with RLS on.
   */
  @Test
  void theMaintenanceRoleDeletesEveryRowOfTheRetentionTablesInBothFlavours() throws Exception {
    assertThat(redshiftCatalog.ignoreRlsRoles()).contains("devicetrail_maintenance");
    assertThat(redshiftCatalog.grants())
        .contains(
            "devicetrail_maintenance DELETE signal_raw",
            "devicetrail_maintenance DELETE signal_hourly",
            "devicetrail_maintenance DELETE signal_daily",
            "devicetrail_maintenance DELETE activity_event");
  }

  private static Set<String> plus(Set<String> set, String element) {
    Set<String> all = new TreeSet<>(set);
    all.add(element);
    return all;
  }
}
