package io.devicetrail.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.devicetrail.flinkcluster.ClusterConfiguration;
import io.devicetrail.jobs.JobAssembly;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The standalone cluster the tests run the job on (flink-cluster) is configured like the
 * FlinkDeployment: every key they share has the same value, but for places (another bucket) and
 * shorter restart pauses; every other key of the FlinkDeployment is one only Kubernetes has, for
 * the reason given here. So what the cluster tests prove (RocksDB with incremental checkpoints on
 * S3, restarts, savepoints, the key groups) is what production runs.
 */
class LocalClusterConfigurationTest {

  /** FlinkDeployment keys a standalone cluster on loopback does not have, and why. */
  private static final Map<String, String> KUBERNETES_ONLY =
      Map.ofEntries(
          Map.entry("high-availability.type", "no HA on one machine: one JobManager"),
          Map.entry("high-availability.storageDir", "no HA on one machine"),
          Map.entry("kubernetes.operator.", "the operator's own settings"),
          Map.entry("metrics.reporter.prom.", "the tests read metrics from the REST API"),
          Map.entry("jobmanager.rpc.port", "fixed for NetworkPolicies; free ports locally"),
          Map.entry("blob.server.port", "fixed for NetworkPolicies; free ports locally"),
          Map.entry("taskmanager.data.port", "fixed for NetworkPolicies; free ports locally"),
          Map.entry("taskmanager.rpc.port", "fixed for NetworkPolicies; free ports locally"),
          Map.entry("rest.port", "fixed for the Service; a free port locally"),
          Map.entry(
              "web.submit.enable",
              "application mode runs one job; the session cluster takes jar uploads"));

  private final Map<String, String> local =
      ClusterConfiguration.shared("s3://devicetrail/flink", Path.of("/tmp/flink"));

  /** The base FlinkDeployment's configuration, which every overlay starts from. */
  private static Map<String, String> deployment() {
    Map<String, String> configuration = new java.util.LinkedHashMap<>();
    Kustomize.build(Locations.baseDir())
        .flinkDeployment()
        .path("spec")
        .path("flinkConfiguration")
        .fields()
        .forEachRemaining(e -> configuration.put(e.getKey(), e.getValue().asText()));
    return configuration;
  }

  @Test
  void everyKeyTheLocalClusterSharesHasTheDeploymentsValue() {
    Map<String, String> deployment = deployment();
    List<String> problems = new ArrayList<>();
    local.forEach(
        (key, value) -> {
          String theirs = deployment.get(key);
          if (theirs == null) {
            problems.add(key + " is set locally but not in the FlinkDeployment");
          } else if (ClusterConfiguration.PLACES.contains(key)) {
            if (!scheme(theirs).equals(scheme(value))) {
              problems.add(key + ": " + theirs + " vs " + value + " (not the same kind of place)");
            }
          } else if (!ClusterConfiguration.SHORTER_TIMINGS.contains(key) && !theirs.equals(value)) {
            problems.add(key + ": FlinkDeployment " + theirs + ", local cluster " + value);
          }
        });
    assertThat(problems).isEmpty();
  }

  @Test
  void everyOtherDeploymentKeyIsOneOnlyKubernetesHas() {
    List<String> unexplained = new ArrayList<>();
    for (String key : deployment().keySet()) {
      boolean explained = KUBERNETES_ONLY.keySet().stream().anyMatch(key::startsWith);
      if (!local.containsKey(key) && !explained) {
        unexplained.add(key);
      }
    }
    assertThat(unexplained)
        .as("FlinkDeployment keys the local cluster neither sets nor explains")
        .isEmpty();
  }

  @Test
  void theJobSetsTheMaximumParallelismTheDeploymentDeclares() {
    assertThat(deployment())
        .containsEntry("pipeline.max-parallelism", Integer.toString(JobAssembly.MAX_PARALLELISM));
  }

  private static String scheme(String place) {
    int colon = place.indexOf("://");
    return colon < 0 ? "file" : place.substring(0, colon);
  }
}
