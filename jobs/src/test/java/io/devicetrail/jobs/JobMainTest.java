package io.devicetrail.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import io.devicetrail.sql.WarehouseFlavor;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class JobMainTest {

  private static JobMain parse(String... args) {
    JobMain main = new JobMain();
    new CommandLine(main).setCaseInsensitiveEnumValuesAllowed(true).parseArgs(args);
    return main;
  }

  @Test
  void migrationsRunByDefaultAndTheNegatedFlagsTurnThemOff() {
    assertThat(parse().migrateSupport).isTrue();
    assertThat(parse().migrateWarehouse).isTrue();
    assertThat(parse("--no-migrate-support").migrateSupport).isFalse();
    assertThat(parse("--no-migrate-warehouse").migrateWarehouse).isFalse();
    assertThat(parse("--migrate-support").migrateSupport).isTrue();
  }

  @Test
  void optionsBecomeTheJobSettings() {
    JobSettings s =
        parse(
                "--kafka-bootstrap", "kafka:9092",
                "--warehouse-flavor", "redshift",
                "--warehouse-jdbc-url", "jdbc:redshift://example:5439/dt",
                "--checkpoint-interval", "PT30S",
                "--rollup-horizon", "P3D")
            .settings();
    assertThat(s.kafkaBootstrap()).isEqualTo("kafka:9092");
    assertThat(s.warehouseFlavor()).isEqualTo(WarehouseFlavor.REDSHIFT);
    assertThat(s.warehouseJdbcUrl()).isEqualTo("jdbc:redshift://example:5439/dt");
    assertThat(s.checkpointInterval()).isEqualTo(Duration.ofSeconds(30));
    assertThat(s.rollup().horizon()).isEqualTo(Duration.ofDays(3));
  }

  @Test
  void helpListsEveryOptionWithItsDefault() {
    StringWriter out = new StringWriter();
    new CommandLine(new JobMain()).setOut(new PrintWriter(out)).execute("--help");
    assertThat(out.toString())
        .contains("--kafka-bootstrap", "Default: 127.0.0.1:9092")
        .contains("--warehouse-flavor", "Default: POSTGRES")
        .contains("--rollup-horizon", "Default: P7D");
  }
}
