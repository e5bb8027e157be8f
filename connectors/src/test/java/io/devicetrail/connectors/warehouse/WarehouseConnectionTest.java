package io.devicetrail.connectors.warehouse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.devicetrail.connectors.postgres.PostgresPassword;
import io.devicetrail.localservices.LocalPostgres;
import io.devicetrail.localservices.junit.LocalServicesExtension;
import java.net.ServerSocket;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(LocalServicesExtension.class)
class WarehouseConnectionTest {

  private static final String SECRET = "s3cr3t-warehouse-password";

  @Test
  void opensTheStandInWithPgjdbcUnderTheGivenApplicationName(LocalPostgres postgres)
      throws Exception {
    WarehouseConnection standIn =
        WarehouseConnection.postgres(
            postgres.jdbcUrl("postgres"),
            postgres.user(),
            PostgresPassword.of(postgres.password()));

    try (Connection c = standIn.open("devicetrail-sink-signal_raw-0");
        Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery(
                "SELECT application_name FROM pg_stat_activity WHERE pid = pg_backend_pid()")) {
      rs.next();
      assertThat(rs.getString(1)).isEqualTo("devicetrail-sink-signal_raw-0");
    }
  }

  @Test
  void theRedshiftDriverIsConfiguredByNameAndItsFailuresNeverShowThePassword() throws Exception {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0)) {
      closedPort = socket.getLocalPort();
    }
    WarehouseConnection redshift =
        WarehouseConnection.redshift(
            "jdbc:redshift://127.0.0.1:" + closedPort + "/dev?ssl=false",
            "loader",
            PostgresPassword.of(SECRET));

    assertThat(redshift.driverClass()).isEqualTo("com.amazon.redshift.jdbc42.Driver");
    assertThatThrownBy(() -> redshift.open("devicetrail-test"))
        .isInstanceOf(SQLException.class)
        .satisfies(e -> assertThat(String.valueOf(e.getMessage())).doesNotContain(SECRET));
  }

  @Test
  void describesItselfWithoutTheSecretOrTheUrlParameters() {
    assertThat(
            WarehouseConnection.redshift(
                    "jdbc:redshift://analytics.example:5439/dev;ssl=true;UID=loader",
                    "loader",
                    PostgresPassword.none())
                .redactedUrl())
        .isEqualTo("jdbc:redshift://analytics.example:5439/dev");
    WarehouseConnection redshift =
        WarehouseConnection.redshift(
            "jdbc:redshift://analytics.example:5439/dev?ssl=true",
            "loader",
            PostgresPassword.of(SECRET));

    assertThat(redshift.toString())
        .isEqualTo(
            "WarehouseConnection[driver=com.amazon.redshift.jdbc42.Driver,"
                + " url=jdbc:redshift://analytics.example:5439/dev, user=loader, password=given]");
  }

  @Test
  void refusesAUrlThatCarriesAPasswordOrBelongsToAnotherDriver() {
    assertThatThrownBy(
            () ->
                WarehouseConnection.redshift(
                    "jdbc:redshift://h:5439/dev;Password=" + SECRET, "u", PostgresPassword.none()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageNotContaining(SECRET);
    assertThatThrownBy(
            () ->
                WarehouseConnection.redshift(
                    "jdbc:redshift://h:5439/dev;UID=loader;PWD=" + SECRET,
                    "u",
                    PostgresPassword.none()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageNotContaining(SECRET);
    assertThatThrownBy(
            () ->
                WarehouseConnection.redshift(
                    "jdbc:redshift://h:5439/dev?ssl=true&password=" + SECRET,
                    "u",
                    PostgresPassword.none()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("must not carry a password")
        .hasMessageNotContaining(SECRET);
    assertThatThrownBy(
            () ->
                WarehouseConnection.postgres(
                    "jdbc:redshift://h:5439/dev", "u", PostgresPassword.none()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("must start with jdbc:postgresql:");
  }
}
