package io.devicetrail.connectors.warehouse;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The stand-in runs the very statements Redshift gets, except for the differences the dialect
 * exists to hold: so the stand-in tests are tests of the Redshift SQL too.
 */
class PostgresDialectTest {

  private final WarehouseDialect postgres = WarehouseDialect.postgres();
  private final WarehouseDialect redshift = WarehouseDialect.redshift();

  @Test
  void theStandInTakesNoLocksButOtherwiseStagesPrunesAndMergesWithRedshiftsStatements() {
    for (WarehouseTable<?> table :
        List.of(WarehouseTables.SIGNAL_RAW, WarehouseTables.ACTIVITY_EVENT)) {
      StagedBatch onPostgres = postgres.insertIfAbsent(table);
      StagedBatch onRedshift = redshift.insertIfAbsent(table);
      assertThat(onPostgres.prepare()).containsExactly(postgres.createStageLike(table.name()));
      assertThat(onRedshift.prepare()).endsWith(postgres.createStageLike(table.name()));
      assertThat(onPostgres.apply()).isEqualTo(onRedshift.apply());
      assertThat(onPostgres.cleanup()).isEqualTo(onRedshift.cleanup());
    }
    for (WarehouseTable<?> table :
        List.of(WarehouseTables.SIGNAL_HOURLY, WarehouseTables.SIGNAL_DAILY)) {
      assertThat(postgres.newerRevisionWins(table).apply())
          .isEqualTo(redshift.newerRevisionWins(table).apply());
    }
    assertThat(postgres.updateVersionBoundsFromStage())
        .isEqualTo(redshift.updateVersionBoundsFromStage());
    assertThat(postgres.selectVersionsOfStagedDevices())
        .isEqualTo(redshift.selectVersionsOfStagedDevices());
  }

  @Test
  void jsonIsCastToJsonbAndStagesAreNotDistributed() {
    assertThat(
            postgres.insertValues(
                "activity_event_stage", WarehouseTables.ACTIVITY_EVENT.columns(), 1))
        .endsWith("(?, ?, ?, ?, ?, ?, CAST(? AS jsonb), ?)");
    assertThat(postgres.createVersionBoundsStage()).doesNotContain("DISTKEY");
  }
}
