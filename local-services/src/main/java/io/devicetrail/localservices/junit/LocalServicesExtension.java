package io.devicetrail.localservices.junit;

import io.devicetrail.localservices.LocalKafka;
import io.devicetrail.localservices.LocalPostgres;
import io.devicetrail.localservices.LocalS3;
import io.devicetrail.localservices.LocalServices;
import io.devicetrail.localservices.PostgresOptions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Gives tests the local Kafka, S3 and PostgreSQL, started once per test JVM on first use and
 * stopped when the test run ends. Tests share them, so each test uses its own topics, keys and
 * databases.
 *
 * <pre>{@code
 * @ExtendWith(LocalServicesExtension.class)
 * class SinkIT {
 *   @Test
 *   void writesRows(LocalPostgres postgres, LocalKafka kafka) { ... }
 * }
 * }</pre>
 *
 * <p>Parameters of type {@link LocalServices}, {@link LocalKafka}, {@link LocalS3} and {@link
 * LocalPostgres} are resolved, in constructors, lifecycle methods and test methods. PostgreSQL runs
 * with {@link PostgresOptions#fastForTests()}. The data lives under the build directory (system
 * property {@code devicetrail.build.directory}, set by the parent pom's Surefire configuration) or
 * else the system temporary directory, and is deleted afterwards.
 */
public final class LocalServicesExtension implements ParameterResolver {

  private static final ExtensionContext.Namespace NAMESPACE =
      ExtensionContext.Namespace.create(LocalServicesExtension.class);
  private static final Set<Class<?>> RESOLVED =
      Set.of(LocalServices.class, LocalKafka.class, LocalS3.class, LocalPostgres.class);

  /** The services shared by all tests of this JVM, started on the first call. */
  public static LocalServices services(ExtensionContext context) {
    return context
        .getRoot()
        .getStore(NAMESPACE)
        .getOrComputeIfAbsent(
            SharedServices.class, key -> SharedServices.start(), SharedServices.class)
        .services;
  }

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    return RESOLVED.contains(parameter.getParameter().getType());
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    LocalServices services = services(context);
    Class<?> type = parameter.getParameter().getType();
    if (type == LocalKafka.class) {
      return services.kafka();
    }
    if (type == LocalS3.class) {
      return services.s3();
    }
    if (type == LocalPostgres.class) {
      return services.postgres();
    }
    return services;
  }

  /** Kept in the root store, which JUnit closes (AutoCloseable) when the whole test run ends. */
  private static final class SharedServices implements AutoCloseable {
    final LocalServices services;
    final Path dataDir;

    private SharedServices(LocalServices services, Path dataDir) {
      this.services = services;
      this.dataDir = dataDir;
    }

    static SharedServices start() {
      try {
        String buildDir = System.getProperty("devicetrail.build.directory");
        Path parent =
            buildDir == null ? Path.of(System.getProperty("java.io.tmpdir")) : Path.of(buildDir);
        Files.createDirectories(parent);
        Path dataDir = Files.createTempDirectory(parent, "local-services-");
        return new SharedServices(
            LocalServices.start(dataDir, PostgresOptions.fastForTests()), dataDir);
      } catch (IOException e) {
        throw new UncheckedIOException("Starting the local services for the tests failed", e);
      }
    }

    @Override
    public void close() throws IOException {
      services.close();
      try (Stream<Path> paths = Files.walk(dataDir)) {
        for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
          Files.deleteIfExists(p);
        }
      }
    }
  }
}
