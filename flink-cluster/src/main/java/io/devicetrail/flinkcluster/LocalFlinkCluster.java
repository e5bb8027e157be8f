package io.devicetrail.flinkcluster;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real standalone Flink session cluster on 127.0.0.1: one JobManager ({@code
 * StandaloneSessionClusterEntrypoint}) and TaskManagers ({@code TaskManagerRunner}), each its own
 * JVM, started the way Flink's {@code jobmanager.sh} and {@code taskmanager.sh} start them: the
 * memory options computed by Flink's {@code BashJavaUtils}, {@code --configDir} with a {@code
 * config.yaml}, the s3-fs-hadoop plugin in {@code plugins/}, checkpoints and savepoints on S3, the
 * REST API (and web submission) on a free port.
 *
 * <p>Layout of the data dir: {@code conf/} (config.yaml, owner-only since it holds the S3 secret
 * key; log4j.properties), {@code plugins/s3-fs-hadoop/}, {@code log/} (one log file per process,
 * plus its stdout), {@code tmp/} (io.tmp.dirs, jar uploads).
 *
 * <p>Every JVM stops on {@link #close()}, and also when the JVM that started it dies, even by kill
 * -9 (see {@link SupervisedJvm}).
 *
 * <pre>{@code
 * try (LocalFlinkCluster cluster = LocalFlinkCluster.start(dir, s3, 1)) {
 *   String jar = cluster.rest().uploadJar(jobJar);
 *   String job = cluster.rest().run(jar, FlinkRest.Run.fresh(List.of("--kafka-bootstrap", ...)));
 * }
 * }</pre>
 */
public final class LocalFlinkCluster implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(LocalFlinkCluster.class);
  private static final Duration START_TIMEOUT = Duration.ofMinutes(2);
  private static final Duration STOP_TIMEOUT = Duration.ofSeconds(60);
  private static final String JOB_MANAGER =
      "org.apache.flink.runtime.entrypoint.StandaloneSessionClusterEntrypoint";
  private static final String TASK_MANAGER =
      "org.apache.flink.runtime.taskexecutor.TaskManagerRunner";
  private static final String BASH_JAVA_UTILS = "org.apache.flink.runtime.util.bash.BashJavaUtils";

  /**
   * Where the S3-compatible store is and how to sign for it; the bucket holds the cluster state.
   */
  public record S3(String endpoint, String accessKey, String secretKey, String bucket) {
    @Override
    public String toString() {
      return "S3[" + endpoint + ", bucket " + bucket + ", accessKey=" + accessKey + "]";
    }
  }

  private final Path dataDir;
  private final FlinkDistribution distribution;
  private final String stateBase;
  private final FlinkRest rest;
  private final SupervisedJvm jobManager;
  private final List<String> taskManagerJvmOptions;
  private final List<String> taskManagerDynamicOptions;
  private final List<SupervisedJvm> taskManagers = new ArrayList<>();
  private final AtomicBoolean closed = new AtomicBoolean();
  private final Thread shutdownHook;
  private int taskManagersStarted;

  private LocalFlinkCluster(
      Path dataDir,
      FlinkDistribution distribution,
      String stateBase,
      FlinkRest rest,
      SupervisedJvm jobManager,
      List<String> taskManagerJvmOptions,
      List<String> taskManagerDynamicOptions) {
    this.dataDir = dataDir;
    this.distribution = distribution;
    this.stateBase = stateBase;
    this.rest = rest;
    this.jobManager = jobManager;
    this.taskManagerJvmOptions = taskManagerJvmOptions;
    this.taskManagerDynamicOptions = taskManagerDynamicOptions;
    this.shutdownHook = new Thread(this::close, "local-flink-cluster-shutdown");
  }

  /**
   * Writes the configuration, starts the JobManager and {@code taskManagers} TaskManagers, and
   * waits until the REST API answers and every TaskManager has registered.
   */
  public static LocalFlinkCluster start(Path dataDir, S3 s3, int taskManagers) throws IOException {
    long started = System.nanoTime();
    Path dir = dataDir.toAbsolutePath().normalize();
    Path conf = Files.createDirectories(dir.resolve("conf"));
    Path logs = Files.createDirectories(dir.resolve("log"));
    Path tmp = Files.createDirectories(dir.resolve("tmp"));
    Files.createDirectories(tmp.resolve("uploads"));
    FlinkDistribution distribution = FlinkDistribution.fromBuild();
    Path plugins = dir.resolve("plugins");
    Path s3Plugin = Files.createDirectories(plugins.resolve("s3-fs-hadoop"));
    Files.copy(
        distribution.s3Plugin(),
        s3Plugin.resolve(distribution.s3Plugin().getFileName()),
        StandardCopyOption.REPLACE_EXISTING);

    String stateBase = "s3://" + s3.bucket() + "/flink";
    int rpcPort = freePort();
    int restPort = freePort();
    writeConfig(conf, ClusterConfiguration.standalone(stateBase, tmp, rpcPort, restPort, s3));
    writeLogConfig(conf);

    Map<String, String> environment =
        Map.of(
            "FLINK_CONF_DIR", conf.toString(),
            "FLINK_PLUGINS_DIR", plugins.toString(),
            "FLINK_LOG_DIR", logs.toString());
    List<String> jmResources = resourceParameters(distribution, conf, "GET_JM_RESOURCE_PARAMS");
    List<String> tmResources = resourceParameters(distribution, conf, "GET_TM_RESOURCE_PARAMS");

    List<String> jm =
        javaCommand(
            distribution,
            conf,
            logs.resolve("jobmanager.log"),
            split(jmResources.get(0)),
            JOB_MANAGER);
    jm.addAll(List.of("--configDir", conf.toString(), "--executionMode", "cluster"));
    if (jmResources.size() > 1) {
      jm.addAll(split(jmResources.get(1)));
    }
    SupervisedJvm jobManager =
        SupervisedJvm.start(
            "jobmanager", jm, environment, logs.resolve("jobmanager.out"), Duration.ofSeconds(30));
    FlinkRest rest = new FlinkRest(URI.create("http://127.0.0.1:" + restPort));
    LocalFlinkCluster cluster =
        new LocalFlinkCluster(
            dir,
            distribution,
            stateBase,
            rest,
            jobManager,
            split(tmResources.get(0)),
            split(tmResources.get(1)));
    Runtime.getRuntime().addShutdownHook(cluster.shutdownHook);
    try {
      cluster.awaitRestApi();
      for (int i = 0; i < taskManagers; i++) {
        cluster.startTaskManager();
      }
      cluster.awaitTaskManagers(taskManagers);
    } catch (IOException | RuntimeException e) {
      cluster.close();
      throw e;
    }
    LOG.info(
        "Flink cluster ready in {} ms: REST API {}, {} TaskManager(s), state in {}, logs in {}",
        Duration.ofNanos(System.nanoTime() - started).toMillis(),
        rest.base(),
        taskManagers,
        stateBase,
        logs);
    return cluster;
  }

  /** Flink's REST API of this cluster. */
  public FlinkRest rest() {
    return rest;
  }

  /** Where checkpoints ({@code /checkpoints}) and savepoints ({@code /savepoints}) go. */
  public String stateBase() {
    return stateBase;
  }

  public Path dataDir() {
    return dataDir;
  }

  /** The folder holding every process's log file and stdout. */
  public Path logDir() {
    return dataDir.resolve("log");
  }

  /** Starts one more TaskManager, as Kubernetes replaces a lost pod. */
  public synchronized void startTaskManager() throws IOException {
    int n = ++taskManagersStarted;
    Path logs = logDir();
    Path conf = dataDir.resolve("conf");
    List<String> tm =
        javaCommand(
            distribution,
            conf,
            logs.resolve("taskmanager-" + n + ".log"),
            taskManagerJvmOptions,
            TASK_MANAGER);
    tm.addAll(List.of("--configDir", conf.toString()));
    tm.addAll(taskManagerDynamicOptions);
    SupervisedJvm process =
        SupervisedJvm.start(
            "taskmanager-" + n,
            tm,
            Map.of(
                "FLINK_CONF_DIR", conf.toString(),
                "FLINK_PLUGINS_DIR", dataDir.resolve("plugins").toString(),
                "FLINK_LOG_DIR", logs.toString()),
            logs.resolve("taskmanager-" + n + ".out"),
            Duration.ofSeconds(30));
    taskManagers.add(process);
    LOG.info("Started {}", process);
  }

  /**
   * Kills the newest running TaskManager with SIGKILL, as a lost machine would: no shutdown hook,
   * no goodbye to the JobManager.
   *
   * @return its pid
   */
  public synchronized long killTaskManager() {
    for (int i = taskManagers.size() - 1; i >= 0; i--) {
      SupervisedJvm tm = taskManagers.get(i);
      if (tm.isRunning()) {
        tm.kill();
        LOG.info("Killed {} with SIGKILL", tm);
        return tm.pid();
      }
    }
    throw new IllegalStateException("No TaskManager is running");
  }

  /** The running TaskManagers' pids. */
  public synchronized List<Long> taskManagerPids() {
    return taskManagers.stream().filter(SupervisedJvm::isRunning).map(SupervisedJvm::pid).toList();
  }

  public long jobManagerPid() {
    return jobManager.pid();
  }

  /** Waits until exactly {@code count} TaskManagers are registered with the JobManager. */
  public void awaitTaskManagers(int count) throws IOException {
    long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
    while (rest.taskManagers() != count) {
      if (System.nanoTime() > deadline) {
        throw new IOException(
            count
                + " TaskManager(s) did not register within "
                + START_TIMEOUT
                + "; last output:\n"
                + taskManagers.get(taskManagers.size() - 1).tail(30));
      }
      sleep(200);
    }
  }

  /**
   * Every line the JobManager and the TaskManagers logged or printed, for checks on what the
   * cluster wrote. (RocksDB's own LOG files, which come and go in the same folder, are not read.)
   */
  public String logs() throws IOException {
    StringBuilder all = new StringBuilder();
    try (Stream<Path> files = Files.list(logDir())) {
      for (Path file :
          files
              .filter(
                  f ->
                      f.getFileName()
                          .toString()
                          .matches("(jobmanager|taskmanager-\\d+)\\.(log|out)"))
              .sorted()
              .toList()) {
        all.append(Files.readString(file, StandardCharsets.UTF_8));
      }
    }
    return all.toString();
  }

  /** Stops the TaskManagers, then the JobManager, each with SIGTERM. Idempotent. */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    try {
      Runtime.getRuntime().removeShutdownHook(shutdownHook);
    } catch (IllegalStateException e) {
      // The JVM is shutting down: this may be the hook itself.
    }
    List<SupervisedJvm> all;
    synchronized (this) {
      all = new ArrayList<>(taskManagers);
    }
    all.add(jobManager);
    for (SupervisedJvm process : all) {
      if (!process.stop(STOP_TIMEOUT)) {
        LOG.warn("{} did not stop within {}", process, STOP_TIMEOUT);
      }
    }
    LOG.info("Flink cluster on {} stopped", rest.base());
  }

  private void awaitRestApi() throws IOException {
    long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
    while (true) {
      try {
        rest.overview();
        return;
      } catch (IOException notYet) {
        if (!jobManager.isRunning()) {
          throw new IOException("The JobManager exited; its output:\n" + jobManager.tail(40));
        }
        if (System.nanoTime() > deadline) {
          throw new IOException(
              "The JobManager's REST API did not answer within " + START_TIMEOUT, notYet);
        }
        sleep(200);
      }
    }
  }

  private static List<String> javaCommand(
      FlinkDistribution distribution,
      Path conf,
      Path logFile,
      List<String> memoryOptions,
      String mainClass) {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(memoryOptions);
    command.addAll(split(ClusterConfiguration.JAVA_OPTIONS));
    command.add("-Dlog.file=" + logFile);
    command.add("-Dlog4j.configurationFile=file:" + conf.resolve("log4j.properties"));
    command.add("-classpath");
    command.add(distribution.classPath());
    command.add(mainClass);
    return command;
  }

  /**
   * What {@code jobmanager.sh} and {@code taskmanager.sh} compute before starting a process: the
   * JVM's memory options and the matching configuration, from Flink's own {@code BashJavaUtils}.
   */
  private static List<String> resourceParameters(
      FlinkDistribution distribution, Path conf, String command) throws IOException {
    List<String> java =
        new ArrayList<>(
            List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-classpath",
                distribution.classPath(),
                BASH_JAVA_UTILS,
                command,
                "--configDir",
                conf.toString()));
    Path output = Files.createTempFile("devicetrail-bash-java-utils-", ".out");
    try {
      Process process =
          new ProcessBuilder(java)
              .redirectErrorStream(true)
              .redirectOutput(output.toFile())
              .start();
      if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
        process.destroyForcibly();
        throw new IOException(
            "BashJavaUtils "
                + command
                + " failed: "
                + Files.readString(output, StandardCharsets.UTF_8));
      }
      String prefix = "BASH_JAVA_UTILS_EXEC_RESULT:";
      List<String> results =
          Files.readAllLines(output, StandardCharsets.UTF_8).stream()
              .filter(line -> line.startsWith(prefix))
              .map(line -> line.substring(prefix.length()).strip())
              .toList();
      if (results.isEmpty()) {
        throw new IOException(
            "BashJavaUtils "
                + command
                + " printed no result: "
                + Files.readString(output, StandardCharsets.UTF_8));
      }
      return results;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("Interrupted while running BashJavaUtils", e);
    } finally {
      Files.deleteIfExists(output);
    }
  }

  private static void writeConfig(Path conf, Map<String, String> configuration) throws IOException {
    StringBuilder yaml =
        new StringBuilder("# Written by LocalFlinkCluster; see ClusterConfiguration.\n");
    configuration.forEach(
        (key, value) -> yaml.append(key).append(": ").append(quoted(value)).append('\n'));
    Path file = conf.resolve("config.yaml");
    Files.deleteIfExists(file);
    Files.createFile(
        file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    Files.writeString(file, yaml, StandardCharsets.UTF_8);
  }

  private static String quoted(String value) {
    return "'" + value.replace("'", "''") + "'";
  }

  private static void writeLogConfig(Path conf) throws IOException {
    String log4j =
        String.join(
            "\n",
            "# Flink's default logging, one file per process (log.file is set on its command line).",
            "rootLogger.level = INFO",
            "rootLogger.appenderRef.file.ref = MainAppender",
            "logger.pekko.name = org.apache.pekko",
            "logger.pekko.level = INFO",
            "logger.kafka.name = org.apache.kafka",
            "logger.kafka.level = INFO",
            "logger.hadoop.name = org.apache.hadoop",
            "logger.hadoop.level = WARN",
            "logger.shaded_zookeeper.name = org.apache.flink.shaded.zookeeper3",
            "logger.shaded_zookeeper.level = INFO",
            "logger.netty.name = org.jboss.netty.channel.DefaultChannelPipeline",
            "logger.netty.level = OFF",
            "appender.main.name = MainAppender",
            "appender.main.type = File",
            "appender.main.append = true",
            "appender.main.fileName = ${sys:log.file}",
            "appender.main.layout.type = PatternLayout",
            "appender.main.layout.pattern = %d{yyyy-MM-dd HH:mm:ss,SSS} %-5p %-60c %x - %m%n",
            "");
    Files.writeString(conf.resolve("log4j.properties"), log4j, StandardCharsets.UTF_8);
  }

  private static List<String> split(String options) {
    return new ArrayList<>(
        Arrays.stream(options.strip().split("\\s+")).filter(s -> !s.isEmpty()).toList());
  }

  private static int freePort() {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException("No free port on 127.0.0.1", e);
    }
  }

  private static void sleep(long millis) throws IOException {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("Interrupted", e);
    }
  }

  @Override
  public String toString() {
    return "LocalFlinkCluster[" + rest.base() + ", " + Objects.toString(dataDir) + "]";
  }
}
