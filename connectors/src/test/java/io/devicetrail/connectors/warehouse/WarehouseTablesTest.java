package io.devicetrail.connectors.warehouse;

import static org.assertj.core.api.Assertions.assertThat;

import io.devicetrail.connectors.archive.ArchiveSchemas;
import io.devicetrail.localservices.LocalPostgres;
import io.devicetrail.localservices.junit.LocalServicesExtension;
import java.util.ArrayList;
import java.util.List;
import org.apache.avro.Schema;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The writers' table definitions against the migrated stand-in's catalog (which the sql module
 * holds equal to the Redshift DDL): a column added to one and not the other fails here.
 */
@ExtendWith(LocalServicesExtension.class)
class WarehouseTablesTest {

  private static TestWarehouse warehouse;

  @BeforeAll
  static void migrate(LocalPostgres postgres) throws Exception {
    warehouse = TestWarehouse.create(postgres, "warehouse_tables");
  }

  @Test
  void everyWriterTableMatchesTheMigratedSchemaColumnByColumn() throws Exception {
    for (WarehouseTable<?> table :
        List.of(
            WarehouseTables.SIGNAL_RAW,
            WarehouseTables.SIGNAL_HOURLY,
            WarehouseTables.SIGNAL_DAILY,
            WarehouseTables.ACTIVITY_EVENT,
            WarehouseTables.DIM_DEVICE_CHANGE,
            WarehouseTables.DIM_DEVICE)) {
      assertThat(describe(table)).as(table.name()).isEqualTo(catalog(table.name()));
    }
  }

  @Test
  void keysAreTheTablesPrimaryKeysExceptDimDevicesWhichIsItsUniqueVersionIndex() throws Exception {
    for (WarehouseTable<?> table :
        List.of(
            WarehouseTables.SIGNAL_RAW,
            WarehouseTables.SIGNAL_HOURLY,
            WarehouseTables.SIGNAL_DAILY,
            WarehouseTables.ACTIVITY_EVENT,
            WarehouseTables.DIM_DEVICE_CHANGE)) {
      assertThat(table.keyColumns()).as(table.name()).isEqualTo(primaryKey(table.name()));
    }
    assertThat(primaryKey("dim_device")).containsExactly("device_key");
    assertThat(WarehouseTables.DIM_DEVICE.keyColumns()).containsExactly("device_id", "valid_from");
  }

  @Test
  void rawTablesHaveTheArchivesColumnsInItsOrderSoCopyCanMapParquetByPosition() {
    assertThat(WarehouseTables.SIGNAL_RAW.columnNames())
        .isEqualTo(fieldNames(ArchiveSchemas.SIGNAL));
    assertThat(WarehouseTables.ACTIVITY_EVENT.columnNames())
        .isEqualTo(fieldNames(ArchiveSchemas.ACTIVITY));
  }

  private static List<String> describe(WarehouseTable<?> table) {
    List<String> columns = new ArrayList<>();
    for (Column c : table.columns()) {
      String type =
          switch (c.type()) {
            case TEXT -> "character varying(" + c.maxBytes() + ")";
            case JSON -> "jsonb";
            case INTEGER -> "integer";
            case BIGINT -> "bigint";
            case DOUBLE -> "double precision";
            case BOOLEAN -> "boolean";
            case TIMESTAMP -> "timestamp with time zone";
          };
      columns.add(c.name() + " " + type + (c.nullable() ? "" : " not null"));
    }
    return columns;
  }

  private static List<String> catalog(String table) throws Exception {
    return warehouse
        .rows(
            "SELECT column_name || ' ' || data_type"
                + " || CASE WHEN character_maximum_length IS NULL THEN ''"
                + "    ELSE '(' || character_maximum_length || ')' END"
                + " || CASE WHEN is_nullable = 'NO' THEN ' not null' ELSE '' END AS c"
                + " FROM information_schema.columns WHERE table_schema = 'public'"
                + " AND table_name = '"
                + table
                + "' AND is_identity = 'NO' ORDER BY ordinal_position")
        .stream()
        .map(row -> (String) row.get("c"))
        .toList();
  }

  private static List<String> primaryKey(String table) throws Exception {
    return warehouse
        .rows(
            "SELECT k.column_name FROM information_schema.table_constraints t"
                + " JOIN information_schema.key_column_usage k"
                + " ON k.constraint_name = t.constraint_name AND k.table_schema = t.table_schema"
                + " WHERE t.table_schema = 'public' AND t.constraint_type = 'PRIMARY KEY'"
                + " AND t.table_name = '"
                + table
                + "' ORDER BY k.ordinal_position")
        .stream()
        .map(row -> (String) row.get("column_name"))
        .toList();
  }

  private static List<String> fieldNames(Schema schema) {
    return schema.getFields().stream().map(Schema.Field::name).toList();
  }
}
