package io.devicetrail.connectors.flink;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.CoreOptions;
import org.apache.flink.core.fs.FileSystem;
import org.apache.flink.core.plugin.DefaultPluginManager;
import org.apache.flink.core.plugin.DirectoryBasedPluginFinder;
import org.apache.flink.core.plugin.PluginManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes {@code s3://} paths work in a process that is not a Flink cluster: a local run, a test, a
 * maintenance command. On a cluster Flink does this itself from its {@code plugins/} folder.
 *
 * <p>flink-s3-fs-hadoop must be loaded as a plugin, in its own class loader, exactly as on a
 * cluster: it bundles its own Hadoop, Guava, Jackson and AWS SDK, which clash with the Hadoop the
 * Parquet writer needs when both are on the application class path. The build copies the plugin jar
 * to {@code target/plugins/s3-fs-hadoop/}; {@link #initialize} loads every plugin under the given
 * root folder (one sub-folder per plugin) and configures Flink's file systems with it.
 *
 * <pre>{@code
 * Configuration conf = FlinkS3.configuration(s3.endpoint(), s3.accessKey(), s3.secretKey());
 * FlinkS3.initialize(conf, Path.of("target/plugins"));
 * }</pre>
 *
 * <p>Call it before the job starts; the file systems are JVM-wide and a MiniCluster in the same JVM
 * uses them.
 */
public final class FlinkS3 {

  private static final Logger LOG = LoggerFactory.getLogger(FlinkS3.class);

  /** Environment variable Flink itself reads to find the plugins folder. */
  public static final String PLUGINS_DIR_ENV = "FLINK_PLUGINS_DIR";

  public static final ConfigOption<String> ENDPOINT =
      ConfigOptions.key("s3.endpoint")
          .stringType()
          .noDefaultValue()
          .withDescription("S3 endpoint URL; unset means AWS's regional endpoint.");

  public static final ConfigOption<Boolean> PATH_STYLE_ACCESS =
      ConfigOptions.key("s3.path.style.access")
          .booleanType()
          .defaultValue(false)
          .withDescription("Address buckets as http://endpoint/bucket rather than by host name.");

  public static final ConfigOption<String> ACCESS_KEY =
      ConfigOptions.key("s3.access-key")
          .stringType()
          .noDefaultValue()
          .withDescription("S3 access key; unset means the AWS default credential chain.");

  public static final ConfigOption<String> SECRET_KEY =
      ConfigOptions.key("s3.secret-key")
          .stringType()
          .noDefaultValue()
          .withDescription("S3 secret key; unset means the AWS default credential chain.");

  private FlinkS3() {}

  /**
   * The settings of an S3-compatible endpoint (s3proxy, MinIO, or AWS with an explicit endpoint):
   * path-style access, because such endpoints rarely serve bucket names as host names.
   */
  public static Configuration configuration(String endpoint, String accessKey, String secretKey) {
    Configuration conf = new Configuration();
    conf.set(ENDPOINT, Objects.requireNonNull(endpoint, "endpoint cannot be null"));
    conf.set(PATH_STYLE_ACCESS, true);
    conf.set(ACCESS_KEY, Objects.requireNonNull(accessKey, "accessKey cannot be null"));
    conf.set(SECRET_KEY, Objects.requireNonNull(secretKey, "secretKey cannot be null"));
    return conf;
  }

  /**
   * Initialises Flink's file systems with {@code conf} and the plugins under {@code pluginsDir}.
   *
   * @throws IllegalArgumentException if {@code pluginsDir} has no plugin folder: without it an
   *     {@code s3://} path would fail later, far from the cause
   */
  public static void initialize(Configuration conf, Path pluginsDir) {
    Objects.requireNonNull(conf, "conf cannot be null");
    Objects.requireNonNull(pluginsDir, "pluginsDir cannot be null");
    if (!Files.isDirectory(pluginsDir)) {
      throw new IllegalArgumentException(
          "Flink plugins folder " + pluginsDir.toAbsolutePath() + " does not exist");
    }
    try {
      PluginManager plugins =
          new DefaultPluginManager(
              new DirectoryBasedPluginFinder(pluginsDir).findPlugins(),
              CoreOptions.getPluginParentFirstLoaderPatterns(conf));
      FileSystem.initialize(conf, plugins);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot load Flink plugins from " + pluginsDir, e);
    }
    // The keys are credentials: log where, never with what.
    LOG.info(
        "Flink file systems initialised with plugins from {}, S3 endpoint {}",
        pluginsDir.toAbsolutePath(),
        conf.getOptional(ENDPOINT).orElse("(AWS default)"));
  }

  /**
   * The plugins folder of this process: {@code $FLINK_PLUGINS_DIR} when set, else {@code
   * ./plugins}, Flink's own convention.
   */
  public static Path defaultPluginsDir() {
    String env = System.getenv(PLUGINS_DIR_ENV);
    return Path.of(env == null || env.isBlank() ? "plugins" : env);
  }
}
