package io.devicetrail.bench.job;

import io.devicetrail.jobs.JobSettings;
import io.devicetrail.jobs.LocalJobRunner;
import io.devicetrail.jobs.ProductionWiring;
import io.devicetrail.local.LocalStores;
import io.devicetrail.localservices.LocalServices;
import io.devicetrail.localservices.PostgresOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Comparator;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.ConfigOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.configuration.StateBackendOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.kafka.common.TopicPartition;

/**
 * Readings per second through the whole DeviceTrail job, beside two raw rates measured in the same
 * run on the same data, and the rollup state per device. Issue 3's benchmark; a main, never a test.
 *
 * <ol>
 *   <li>Real local services (Kafka, s3proxy, PostgreSQL), the signal topic pre-filled with encoded
 *       readings of a fleet of 5-minute devices uploading hourly (plus invalid readings for the
 *       dead-letter topic and duplicates).
 *   <li>Warm-up: the job (production wiring: Parquet archive on S3 through the plugin, support
 *       database, warehouse stand-in, dead letters; checkpoints on) reads a first, smaller batch;
 *       then it is stopped with a checkpoint.
 *   <li>Measured: a larger batch is published while the job is down; the job resumes from its
 *       checkpoint and is timed until every store holds every row.
 *   <li>Baseline A: one plain KafkaConsumer thread reading and decoding the same messages.
 *   <li>Baseline B: PostgreSQL COPY of the same rows into a table shaped like signal_recent.
 *   <li>State: the rollup operator with 100,000 devices in an operator harness; keyed state per
 *       device from a checkpoint.
 * </ol>
 *
 * <p>Run from the repository root (about 6 minutes; figures and how to read them in
 * bench/README.md): {@code mvn -B -q -pl bench -am package -DskipTests && java -Xmx8g -cp
 * "bench/target/classes:$(cat bench/target/bench-classpath.txt)"
 * io.devicetrail.bench.job.JobThroughputBenchmark}; {@code --help} lists the options.
 */
public final class JobThroughputBenchmark {

  private JobThroughputBenchmark() {}

  public static void main(String[] args) throws Exception {
    BenchOptions options;
    try {
      options = BenchOptions.parse(args);
    } catch (BenchOptions.HelpRequested help) {
      System.out.print(BenchOptions.help());
      return;
    }
    Report report = new Report(options);
    report.machine();
    Path dir = Files.createTempDirectory("devicetrail-bench-job");
    try {
      if (options.runs("job") || options.runs("baselines")) {
        runPipeline(options, dir, report);
      }
      if (options.runs("state")) {
        runState(options, dir, report);
      }
      if (options.runs("dedup")) {
        runDedup(options, report);
      }
      report.summary();
    } finally {
      deleteQuietly(dir);
    }
  }

  private static void runPipeline(BenchOptions o, Path dir, Report report) throws Exception {
    PostgresOptions pg =
        o.durablePostgres() ? PostgresOptions.durable() : PostgresOptions.fastForTests();
    try (LocalServices services = LocalServices.start(dir.resolve("services"), pg)) {
      LocalStores stores = LocalStores.prepare(services, o.partitions());
      String user = services.postgres().user();
      String password = services.postgres().password();
      String supportUrl = stores.supportUrl();
      String warehouseUrl = stores.warehouseUrl();
      String bootstrap = services.kafka().bootstrapServers();
      String archivePath = stores.archivePath();

      Instant firstHour =
          Instant.now()
              .truncatedTo(ChronoUnit.HOURS)
              .minus(Duration.ofHours(o.warmupHours() + o.hours() + 2L));
      SimulatedFleet fleet = new SimulatedFleet(o.devices(), firstHour, 7);
      Batch warmup = new Batch(fleet, 0, o.warmupHours(), o.invalidRate(), o.duplicateRate());
      Batch main =
          new Batch(
              fleet,
              o.warmupHours(),
              o.warmupHours() + o.hours(),
              o.invalidRate(),
              o.duplicateRate());
      Batch.Counts warmupCounts = warmup.counts();
      Batch.Counts mainCounts = main.counts();

      JobSettings settings =
          stores
              // Compaction every checkpoint: files become visible one checkpoint after they are
              // written, so "archived" can be timed; it rewrites each row once whatever the
              // setting.
              .jobSettings("bench", 1)
              .checkpointInterval(o.checkpointInterval())
              .jdbcBatch(o.jdbcBatchSize(), Duration.ofMillis(500))
              .build();
      LocalJobRunner runner =
          stores.jobRunner(
              pluginsDir(), dir.resolve("checkpoints"), o.parallelism(), benchConfiguration(o));

      Map<TopicPartition, Long> mainFrom;
      Map<TopicPartition, Long> mainTo;
      try (Outputs outputs =
          new Outputs(supportUrl, warehouseUrl, user, password, bootstrap, archivePath)) {
        // Warm-up batch: fill, run the job through it, stop it with a checkpoint.
        try (TopicLoader loader = new TopicLoader(bootstrap)) {
          loader.publishSnapshots(fleet, firstHour);
          long began = System.nanoTime();
          loader.publishReadings(warmup);
          report.filled("warm-up", warmupCounts, (System.nanoTime() - began) / 1e9);
        }
        Map<TopicPartition, Long> warmupTo = PlainConsumerBaseline.endOffsets(bootstrap);
        RunTracker.Targets warmupTargets =
            targets(warmupCounts, warmupCounts, fleet, warmup.hours(), warmup.openHoursAtEnd());
        if (o.runs("job")) {
          RunTracker.Result warm =
              runJob(runner, settings, warmupTargets, outputs, services.postgres().pid(), o, true);
          report.jobRun("warm-up", warm);
        }

        // Measured batch: published while the job is down, read by the job resumed.
        try (TopicLoader loader = new TopicLoader(bootstrap)) {
          long began = System.nanoTime();
          loader.publishReadings(main);
          report.filled("measured", mainCounts, (System.nanoTime() - began) / 1e9);
        }
        mainFrom = warmupTo;
        mainTo = PlainConsumerBaseline.endOffsets(bootstrap);
        if (o.runs("job")) {
          Batch.Counts total = sum(warmupCounts, mainCounts);
          RunTracker.Targets mainTargets =
              targets(
                  mainCounts, total, fleet, warmup.hours() + main.hours(), main.openHoursAtEnd());
          RunTracker.Result run =
              runJob(runner, settings, mainTargets, outputs, services.postgres().pid(), o, false);
          report.jobRun("measured", run);
          report.verified(outputs.all(), mainTargets);
        }
      }

      if (o.runs("baselines")) {
        // A: warm the JIT on the warm-up range, then time the measured range.
        PlainConsumerBaseline.run(bootstrap, Map.of(), mainFrom);
        report.consumerBaseline(PlainConsumerBaseline.run(bootstrap, mainFrom, mainTo));
        // B: a warm-up COPY of the warm-up rows, then the measured rows into a fresh table.
        CopyBaseline.run(supportUrl, user, password, warmup, "bench_copy_warmup");
        CopyBaseline.drop(supportUrl, user, password, "bench_copy_warmup");
        report.copyBaseline(CopyBaseline.run(supportUrl, user, password, main, "bench_copy"));
      }
    }
  }

  private static RunTracker.Result runJob(
      LocalJobRunner runner,
      JobSettings settings,
      RunTracker.Targets targets,
      Outputs outputs,
      long postmasterPid,
      BenchOptions o,
      boolean stopWithCheckpoint)
      throws Exception {
    MetricsProbe.clear();
    long submitted = System.nanoTime();
    // Resumes from the newest checkpoint in the runner's folder, as the warm-up left it.
    JobClient job =
        runner.start(
            ProductionWiring.sources(settings), ProductionWiring.sinks(settings), settings);
    try {
      RunTracker.Result result =
          RunTracker.follow(job, submitted, targets, outputs, postmasterPid, o.timeout());
      if (stopWithCheckpoint) {
        RunTracker.awaitNextCheckpoint(o.checkpointInterval().multipliedBy(6));
      }
      return result;
    } finally {
      LocalJobRunner.cancel(job, Duration.ofSeconds(60));
    }
  }

  /** Targets: this run's published messages; cumulative rows in the stores. */
  private static RunTracker.Targets targets(
      Batch.Counts run,
      Batch.Counts cumulative,
      SimulatedFleet fleet,
      int hoursSoFar,
      long openHours) {
    return new RunTracker.Targets(
        run.published(),
        cumulative.valid(),
        fleet.devices(),
        cumulative.valid(),
        (long) fleet.devices() * hoursSoFar - openHours,
        cumulative.invalid(),
        cumulative.valid());
  }

  private static Batch.Counts sum(Batch.Counts a, Batch.Counts b) {
    return new Batch.Counts(
        a.published() + b.published(),
        a.valid() + b.valid(),
        a.invalid() + b.invalid(),
        a.duplicates() + b.duplicates());
  }

  private static void runState(BenchOptions o, Path dir, Report report) throws Exception {
    // Full horizon on a small fleet: the peak (8 days held) measured directly.
    RollupStateProbe.Result check =
        RollupStateProbe.run(
            o.checkDevices(), o.checkDays(), h -> h == 12 || h % 24 == 0, dir.resolve("check"));
    report.stateCheck(check);
    // The large fleet: one or more days, checkpoints every 12 hours.
    RollupStateProbe.Result big =
        RollupStateProbe.run(
            o.stateDevices(), o.stateDays(), h -> h % 12 == 0, dir.resolve("state"));
    report.state(big, check);
  }

  private static void runDedup(BenchOptions o, Report report) throws Exception {
    DedupProbe.asInTheJob(2000, 2); // JIT warm-up of all three
    DedupProbe.withDefaultCleanup(2000, 2);
    DedupProbe.withoutBackgroundCleanup(2000, 2);
    report.dedup(
        DedupProbe.asInTheJob(o.devices(), o.hours()),
        DedupProbe.withDefaultCleanup(o.devices(), o.hours()),
        DedupProbe.withoutBackgroundCleanup(o.devices(), o.hours()));
  }

  /**
   * What the benchmark adds to the local runner's Flink configuration: its metrics reporter,
   * RocksDB as production configures it (deploy/flink-k8s) when asked, object reuse when asked.
   */
  private static Configuration benchConfiguration(BenchOptions o) {
    Configuration conf = new Configuration();
    conf.set(
        ConfigOptions.key("metrics.reporter." + MetricsProbe.REPORTER + ".factory.class")
            .stringType()
            .noDefaultValue(),
        MetricsProbe.Factory.class.getName());
    if (o.stateBackend().equals("rocksdb")) {
      conf.set(StateBackendOptions.STATE_BACKEND, "rocksdb");
      conf.set(CheckpointingOptions.INCREMENTAL_CHECKPOINTS, true);
    }
    conf.set(PipelineOptions.OBJECT_REUSE, o.objectReuse());
    return conf;
  }

  /** flink-s3-fs-hadoop as copied by the build: from the repository root or from bench/. */
  private static Path pluginsDir() {
    Path fromRoot = Path.of("bench", "target", "plugins");
    return (Files.isDirectory(fromRoot) ? fromRoot : Path.of("target", "plugins")).toAbsolutePath();
  }

  private static void deleteQuietly(Path dir) {
    try (Stream<Path> paths = Files.walk(dir)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      System.err.println("could not delete " + dir + ": " + e.getMessage());
    }
  }
}
