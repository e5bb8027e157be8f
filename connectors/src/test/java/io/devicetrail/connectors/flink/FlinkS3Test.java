package io.devicetrail.connectors.flink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.apache.flink.configuration.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FlinkS3Test {

  @Test
  void configuresAnS3CompatibleEndpointWithPathStyleAccess() {
    Configuration conf = FlinkS3.configuration("http://127.0.0.1:9000", "access", "secret");

    assertThat(conf.toMap())
        .containsEntry("s3.endpoint", "http://127.0.0.1:9000")
        .containsEntry("s3.path.style.access", "true")
        .containsEntry("s3.access-key", "access")
        .containsEntry("s3.secret-key", "secret");
  }

  @Test
  void refusesAMissingPluginsFolderAtOnceRatherThanFailingLaterOnAnS3Path(@TempDir Path dir) {
    Path missing = dir.resolve("plugins");

    assertThatThrownBy(() -> FlinkS3.initialize(new Configuration(), missing))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(missing.toString());
  }
}
