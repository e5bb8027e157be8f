package io.devicetrail.flinkcluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.devicetrail.flinkcluster.junit.LocalFlinkClusterExtension;
import io.devicetrail.localservices.junit.LocalServicesExtension;
import java.nio.file.Files;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The cluster itself: separate JVMs, Flink's REST API, a lost TaskManager replaced. */
@ExtendWith({LocalServicesExtension.class, LocalFlinkClusterExtension.class})
class LocalFlinkClusterTest {

  @Test
  void theJobManagerAndTheTaskManagerAreJvmsOfTheirOwnWithTheS3PluginAndRocksDb(
      LocalFlinkCluster cluster) throws Exception {
    assertThat(cluster.rest().taskManagers()).isEqualTo(1);
    assertThat(cluster.taskManagerPids()).hasSize(1).doesNotContain(ProcessHandle.current().pid());
    assertThat(cluster.jobManagerPid()).isNotEqualTo(ProcessHandle.current().pid());
    assertThat(cluster.rest().overview().path("slots-total").asInt()).isEqualTo(2);
    assertThat(cluster.dataDir().resolve("plugins/s3-fs-hadoop"))
        .isDirectoryContaining("glob:**/flink-s3-fs-hadoop-*.jar");
    String config = Files.readString(cluster.dataDir().resolve("conf/config.yaml"));
    assertThat(config).contains("state.backend.type: 'rocksdb'");
    assertThat(
            PosixFilePermissions.toString(
                Files.getPosixFilePermissions(cluster.dataDir().resolve("conf/config.yaml"))))
        .isEqualTo("rw-------");
  }

  @Test
  void aTaskManagerKilledWithSigkillIsNoticedAndAReplacementRegisters(LocalFlinkCluster cluster)
      throws Exception {
    long killed = cluster.killTaskManager();

    assertThat(cluster.taskManagerPids()).doesNotContain(killed);
    cluster.awaitTaskManagers(0);
    cluster.startTaskManager();
    cluster.awaitTaskManagers(1);
    assertThat(cluster.taskManagerPids()).hasSize(1).doesNotContain(killed);
  }
}
