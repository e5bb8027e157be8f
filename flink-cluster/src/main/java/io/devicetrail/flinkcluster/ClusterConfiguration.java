package io.devicetrail.flinkcluster;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The Flink configuration of the local standalone cluster. {@link #shared} holds what it has in
 * common with the FlinkDeployment of {@code deploy/flink-k8s} (a test there checks that the keys
 * and values agree): RocksDB with incremental checkpoints, checkpoints and savepoints on S3,
 * retention, the restart strategy, the maximum parallelism. Everything else is what a standalone
 * cluster on loopback needs (addresses, ports, memory, the S3 endpoint).
 */
public final class ClusterConfiguration {

  /**
   * Keys of {@link #shared} whose value is shorter here than on Kubernetes, so that a test does not
   * wait ten seconds for a restart. Same keys, same meaning.
   */
  public static final Set<String> SHORTER_TIMINGS =
      Set.of(
          "restart-strategy.exponential-delay.initial-backoff",
          "restart-strategy.exponential-delay.max-backoff");

  /** Keys of {@link #shared} that name a place: the same scheme, a different bucket or folder. */
  public static final Set<String> PLACES =
      Set.of("execution.checkpointing.dir", "execution.checkpointing.savepoint-dir", "io.tmp.dirs");

  /**
   * The JVM options of Flink's default configuration for Java 17, as its distribution sets them.
   */
  static final String JAVA_OPTIONS =
      String.join(
          " ",
          "--add-exports=java.base/sun.net.util=ALL-UNNAMED",
          "--add-exports=java.rmi/sun.rmi.registry=ALL-UNNAMED",
          "--add-exports=java.security.jgss/sun.security.krb5=ALL-UNNAMED",
          "--add-opens=java.base/java.lang=ALL-UNNAMED",
          "--add-opens=java.base/java.net=ALL-UNNAMED",
          "--add-opens=java.base/java.io=ALL-UNNAMED",
          "--add-opens=java.base/java.nio=ALL-UNNAMED",
          "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED",
          "--add-opens=java.base/java.lang.reflect=ALL-UNNAMED",
          "--add-opens=java.base/java.text=ALL-UNNAMED",
          "--add-opens=java.base/java.time=ALL-UNNAMED",
          "--add-opens=java.base/java.util=ALL-UNNAMED",
          "--add-opens=java.base/java.util.concurrent=ALL-UNNAMED",
          "--add-opens=java.base/java.util.concurrent.atomic=ALL-UNNAMED",
          "--add-opens=java.base/java.util.concurrent.locks=ALL-UNNAMED");

  private ClusterConfiguration() {}

  /**
   * What the local cluster shares with the Kubernetes deployment.
   *
   * @param stateBase where checkpoints and savepoints go, e.g. {@code s3://devicetrail/flink}
   * @param tmpDir Flink's scratch folder (RocksDB's working files, uploads)
   */
  public static Map<String, String> shared(String stateBase, Path tmpDir) {
    Map<String, String> c = new LinkedHashMap<>();
    c.put("taskmanager.numberOfTaskSlots", "2");
    c.put("pipeline.max-parallelism", "256");
    c.put("state.backend.type", "rocksdb");
    c.put("execution.checkpointing.incremental", "true");
    c.put("execution.checkpointing.dir", stateBase + "/checkpoints");
    c.put("execution.checkpointing.savepoint-dir", stateBase + "/savepoints");
    c.put("execution.checkpointing.num-retained", "3");
    c.put("execution.checkpointing.externalized-checkpoint-retention", "RETAIN_ON_CANCELLATION");
    c.put("restart-strategy.type", "exponential-delay");
    c.put("restart-strategy.exponential-delay.initial-backoff", "1 s");
    c.put("restart-strategy.exponential-delay.max-backoff", "10 s");
    c.put("restart-strategy.exponential-delay.backoff-multiplier", "2.0");
    c.put("restart-strategy.exponential-delay.reset-backoff-threshold", "1 h");
    c.put("restart-strategy.exponential-delay.jitter-factor", "0.1");
    c.put("io.tmp.dirs", tmpDir.toString());
    return c;
  }

  /** The whole configuration of a cluster on loopback. */
  static Map<String, String> standalone(
      String stateBase, Path tmpDir, int rpcPort, int restPort, LocalFlinkCluster.S3 s3) {
    Map<String, String> c = shared(stateBase, tmpDir);
    // One machine, loopback only.
    c.put("jobmanager.rpc.address", "127.0.0.1");
    c.put("jobmanager.rpc.port", Integer.toString(rpcPort));
    c.put("jobmanager.bind-host", "127.0.0.1");
    c.put("taskmanager.bind-host", "127.0.0.1");
    c.put("taskmanager.host", "127.0.0.1");
    c.put("rest.address", "127.0.0.1");
    c.put("rest.bind-address", "127.0.0.1");
    c.put("rest.port", Integer.toString(restPort));
    c.put("blob.server.port", "0");
    c.put("taskmanager.rpc.port", "0");
    c.put("taskmanager.data.port", "0");
    // Small processes: this machine is shared.
    c.put("jobmanager.memory.process.size", "1000m");
    c.put("taskmanager.memory.process.size", "1600m");
    // A TaskManager killed with -9 refuses the next heartbeats at once and is given up after two
    // (heartbeat.rpc-failure-threshold), within seconds; the timeout only covers one that is alive
    // but silent, and stays generous, since a loaded 2-core machine can stall a JVM for seconds.
    c.put("heartbeat.interval", "2000");
    c.put("heartbeat.timeout", "30000");
    // The shaded job jar is ~90 MB, near the default 100 MB limit of a REST request.
    c.put("rest.server.max-content-length", Integer.toString(512 * 1024 * 1024));
    c.put("web.upload.dir", tmpDir.resolve("uploads").toString());
    c.put("env.java.opts.all", JAVA_OPTIONS);
    // S3 through the flink-s3-fs-hadoop plugin (the secret key is masked in Flink's logs).
    c.put("s3.endpoint", s3.endpoint());
    c.put("s3.path.style.access", "true");
    c.put("s3.access-key", s3.accessKey());
    c.put("s3.secret-key", s3.secretKey());
    return c;
  }
}
