package io.devicetrail.sql;

import static org.assertj.core.api.Assertions.assertThat;

import io.devicetrail.localservices.LocalPostgres;
import io.devicetrail.localservices.PostgresOptions;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The catalog: every table, view and column of the support database and of the warehouse says what
 * it holds (COMMENT ON), read back from PostgreSQL's catalog after the migrations. The Redshift
 * flavour's comments are held equal to the stand-in's by WarehouseFlavoursTest.
 */
class CatalogCommentsTest {

  @TempDir static Path dataDir;
  private static LocalPostgres postgres;

  @BeforeAll
  static void migrateBoth() throws Exception {
    postgres = LocalPostgres.start(dataDir, PostgresOptions.fastForTests());
    postgres.createDatabaseIfMissing("support");
    postgres.createDatabaseIfMissing("warehouse");
    Migrations.migrateSupport(postgres.jdbcUrl("support"), postgres.user(), postgres.password());
    Migrations.migrateWarehouse(
        postgres.jdbcUrl("warehouse"),
        postgres.user(),
        postgres.password(),
        WarehouseFlavor.POSTGRES);
  }

  @AfterAll
  static void stop() {
    if (postgres != null) {
      postgres.close();
    }
  }

  @Test
  void everySupportTableViewAndColumnHasAComment() throws Exception {
    assertEverythingCommented("support");
  }

  @Test
  void everyWarehouseTableViewAndColumnHasAComment() throws Exception {
    assertEverythingCommented("warehouse");
  }

  private static void assertEverythingCommented(String database) throws Exception {
    try (Connection c = postgres.connect(database)) {
      Map<String, String> comments = Catalogs.comments(c);
      Set<String> relations = Catalogs.relations(c);
      Set<String> columns = Catalogs.columns(c);

      assertThat(relations).isNotEmpty();
      assertThat(missing(relations, comments)).as("relations without a comment").isEmpty();
      assertThat(missing(columns, comments)).as("columns without a comment").isEmpty();
      assertThat(comments.values()).allSatisfy(text -> assertThat(text).isNotBlank());
    }
  }

  private static Set<String> missing(Set<String> names, Map<String, String> comments) {
    Set<String> missing = new TreeSet<>(names);
    missing.removeAll(comments.keySet());
    return missing;
  }
}
