package io.devicetrail.localservices;

import java.io.IOException;
import java.io.InputStream;
import java.io.StringWriter;
import java.net.BindException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Pattern;
import org.gaul.s3proxy.BlobStores;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.gaul.s3proxy.blobstore.BlobStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real S3-compatible server (s3proxy, in this JVM) on 127.0.0.1 that keeps objects as files under
 * {@code <dataDir>/objects/<bucket>/<key>}. Requests must be signed (AWS signature v2 or v4) with
 * {@link #accessKey()} and {@link #secretKey()}; use path-style access and any region, e.g.
 * us-east-1.
 *
 * <p>The generated credentials are kept in {@code <dataDir>/credentials.properties} (owner-only),
 * so a second start on the same data dir keeps objects, credentials and, if free, the port.
 */
public final class LocalS3 implements AutoCloseable {

  public static final String REGION = "us-east-1";

  private static final Logger LOG = LoggerFactory.getLogger(LocalS3.class);
  private static final Pattern BUCKET_NAME = Pattern.compile("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]");
  private static final String ACCESS_KEY = "access.key";
  private static final String SECRET_KEY = "secret.key";
  private static final int MAX_PORT_ATTEMPTS = 3;

  private final Path dataDir;
  private final S3Proxy proxy;
  private final BlobStore store;
  private final int port;
  private final String bucket;
  private final Properties credentials;
  private final AtomicBoolean closed = new AtomicBoolean();

  private LocalS3(
      Path dataDir,
      S3Proxy proxy,
      BlobStore store,
      int port,
      String bucket,
      Properties credentials) {
    this.dataDir = dataDir;
    this.proxy = proxy;
    this.store = store;
    this.port = port;
    this.bucket = bucket;
    this.credentials = credentials;
  }

  /**
   * Starts the server and creates the bucket if it does not exist.
   *
   * @param bucket an S3 bucket name: 3 to 63 lower-case letters, digits, dots and hyphens
   * @throws IOException if the server cannot be set up or does not come up
   */
  public static LocalS3 start(Path dataDir, String bucket) throws IOException {
    if (!BUCKET_NAME.matcher(bucket).matches()) {
      throw new IllegalArgumentException("Not a valid S3 bucket name: '" + bucket + "'");
    }
    long started = System.nanoTime();
    Path dir = dataDir.toAbsolutePath().normalize();
    Path objects = dir.resolve("objects");
    Files.createDirectories(objects);
    Properties credentials = readOrCreateCredentials(dir.resolve("credentials.properties"));

    Properties storeSettings = new Properties();
    storeSettings.setProperty("jclouds.filesystem.basedir", objects.toString());
    BlobStore store = BlobStores.create("filesystem", storeSettings);
    if (!store.containerExists(bucket)) {
      store.createContainer(bucket);
      LOG.info("Created S3 bucket {} in {}", bucket, objects);
    }

    PortBook ports = PortBook.in(dir);
    int port = ports.choose("s3");
    for (int attempt = 1; ; attempt++) {
      S3Proxy proxy =
          S3Proxy.builder()
              .blobStore(store)
              .endpoint(URI.create("http://127.0.0.1:" + port))
              .awsAuthentication(
                  AuthenticationType.AWS_V2_OR_V4,
                  credentials.getProperty(ACCESS_KEY),
                  credentials.getProperty(SECRET_KEY))
              .build();
      try {
        proxy.start();
        awaitStarted(proxy);
      } catch (Exception e) {
        stopQuietly(proxy);
        if (!isBindFailure(e) || attempt == MAX_PORT_ATTEMPTS) {
          store.close();
          throw new IOException("s3proxy did not start on port " + port + ": " + e, e);
        }
        LOG.info("Port {} was taken meanwhile; s3proxy tries another one", port);
        port = ports.chooseFresh("s3");
        continue;
      }
      ports.save();
      LocalS3 s3 = new LocalS3(dir, proxy, store, port, bucket, credentials);
      LOG.info(
          "S3 (s3proxy) ready on {} in {} ms (bucket {}, files in {})",
          s3.endpoint(),
          Duration.ofNanos(System.nanoTime() - started).toMillis(),
          bucket,
          objects);
      return s3;
    }
  }

  /** {@code http://127.0.0.1:<port>}. */
  public String endpoint() {
    return "http://127.0.0.1:" + port;
  }

  public String bucket() {
    return bucket;
  }

  public String accessKey() {
    return credentials.getProperty(ACCESS_KEY);
  }

  public String secretKey() {
    return credentials.getProperty(SECRET_KEY);
  }

  /** The owner-only file holding the access key and the secret key. */
  public Path credentialsFile() {
    return dataDir.resolve("credentials.properties");
  }

  /** Where the objects are kept: one directory per bucket, one file per object. */
  public Path objectsDir() {
    return dataDir.resolve("objects");
  }

  public int port() {
    return port;
  }

  public Path dataDir() {
    return dataDir;
  }

  /** Idempotent. */
  @Override
  public void close() {
    if (closed.compareAndSet(false, true)) {
      stopQuietly(proxy);
      store.close();
      LOG.info("S3 (s3proxy) on {} stopped", endpoint());
    }
  }

  private static Properties readOrCreateCredentials(Path file) throws IOException {
    Properties credentials = new Properties();
    if (Files.exists(file)) {
      try (InputStream in = Files.newInputStream(file)) {
        credentials.load(in);
      }
      if (credentials.getProperty(ACCESS_KEY) != null
          && credentials.getProperty(SECRET_KEY) != null) {
        return credentials;
      }
    }
    credentials.setProperty(ACCESS_KEY, "devicetrail-" + Secrets.newToken(8).toLowerCase());
    credentials.setProperty(SECRET_KEY, Secrets.newToken(40));
    StringWriter text = new StringWriter();
    credentials.store(text, "Credentials of the local S3 server (s3proxy)");
    Secrets.writePrivately(file, text.toString());
    return credentials;
  }

  private static void awaitStarted(S3Proxy proxy) throws InterruptedException {
    // start() returns once Jetty is up; the state check guards against a lazy start.
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (!"STARTED".equals(proxy.getState())) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("s3proxy stayed in state " + proxy.getState());
      }
      Thread.sleep(10);
    }
  }

  private static void stopQuietly(S3Proxy proxy) {
    try {
      proxy.stop();
    } catch (Exception e) {
      LOG.warn("s3proxy shutdown reported: {}", e.toString());
    }
  }

  private static boolean isBindFailure(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof BindException
          || String.valueOf(t.getMessage()).contains("Address already in use")) {
        return true;
      }
    }
    return false;
  }
}
