package io.devicetrail.localservices.junit;

import static org.assertj.core.api.Assertions.assertThat;

import io.devicetrail.localservices.LocalKafka;
import io.devicetrail.localservices.LocalPostgres;
import io.devicetrail.localservices.LocalS3;
import io.devicetrail.localservices.LocalServices;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(LocalServicesExtension.class)
class LocalServicesExtensionTest {

  private static LocalServices startedForBeforeAll;

  @BeforeAll
  static void servicesReachLifecycleMethods(LocalServices services) {
    startedForBeforeAll = services;
  }

  @Test
  void everyParameterComesFromTheOneSharedInstance(
      LocalServices services, LocalKafka kafka, LocalS3 s3, LocalPostgres postgres) {
    assertThat(services).isSameAs(startedForBeforeAll);
    assertThat(kafka).isSameAs(services.kafka());
    assertThat(s3).isSameAs(services.s3());
    assertThat(postgres).isSameAs(services.postgres());
  }

  @Test
  void theSharedServicesWork(LocalKafka kafka, LocalPostgres postgres) throws Exception {
    kafka.createTopics(Map.of("extension-test", 1));
    postgres.createDatabaseIfMissing("extension_test");
    try (Connection connection = postgres.connect("extension_test");
        Statement statement = connection.createStatement();
        ResultSet row = statement.executeQuery("SELECT current_setting('fsync')")) {
      row.next();
      assertThat(row.getString(1)).as("tests run PostgreSQL in fast mode").isEqualTo("off");
    }
  }
}
