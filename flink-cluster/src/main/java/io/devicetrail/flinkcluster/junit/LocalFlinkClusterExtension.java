package io.devicetrail.flinkcluster.junit;

import io.devicetrail.flinkcluster.LocalFlinkCluster;
import io.devicetrail.localservices.LocalS3;
import io.devicetrail.localservices.junit.LocalServicesExtension;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Gives tests one standalone Flink cluster (a JobManager and one TaskManager of two slots), started
 * on first use and shared by every test of the test JVM, so a module's tests pay for its start
 * once. Its checkpoints and savepoints go to the shared local S3 of {@link LocalServicesExtension}.
 * Tests that kill a TaskManager start a replacement before they end ({@link
 * LocalFlinkCluster#startTaskManager()}).
 *
 * <pre>{@code
 * @ExtendWith({LocalServicesExtension.class, LocalFlinkClusterExtension.class})
 * class OnTheClusterTest {
 *   @Test
 *   void runs(LocalFlinkCluster cluster, LocalServices services) { ... }
 * }
 * }</pre>
 */
public final class LocalFlinkClusterExtension implements ParameterResolver {

  private static final ExtensionContext.Namespace NAMESPACE =
      ExtensionContext.Namespace.create(LocalFlinkClusterExtension.class);

  /** The cluster shared by all tests of this JVM, started on the first call. */
  public static LocalFlinkCluster cluster(ExtensionContext context) {
    LocalS3 s3 = LocalServicesExtension.services(context).s3();
    return context
        .getRoot()
        .getStore(NAMESPACE)
        .getOrComputeIfAbsent(
            SharedCluster.class, key -> SharedCluster.start(s3), SharedCluster.class)
        .cluster;
  }

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    return parameter.getParameter().getType() == LocalFlinkCluster.class;
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    return cluster(context);
  }

  /** Kept in the root store, which JUnit closes when the whole test run ends. */
  private static final class SharedCluster implements AutoCloseable {
    final LocalFlinkCluster cluster;

    private SharedCluster(LocalFlinkCluster cluster) {
      this.cluster = cluster;
    }

    static SharedCluster start(LocalS3 s3) {
      try {
        String buildDir = System.getProperty("devicetrail.build.directory");
        Path parent =
            buildDir == null ? Path.of(System.getProperty("java.io.tmpdir")) : Path.of(buildDir);
        Files.createDirectories(parent);
        Path dir = Files.createTempDirectory(parent, "flink-cluster-");
        return new SharedCluster(
            LocalFlinkCluster.start(
                dir,
                new LocalFlinkCluster.S3(
                    s3.endpoint(), s3.accessKey(), s3.secretKey(), s3.bucket()),
                1));
      } catch (IOException e) {
        throw new UncheckedIOException("Starting the Flink cluster for the tests failed", e);
      }
    }

    @Override
    public void close() {
      cluster.close();
    }
  }
}
