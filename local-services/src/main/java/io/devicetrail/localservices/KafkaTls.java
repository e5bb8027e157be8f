package io.devicetrail.localservices;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A certificate authority of its own and a broker certificate it signed (for 127.0.0.1 and
 * localhost), made with the JDK's keytool as separate processes, as an operator would. Clients
 * trust the CA through {@link #truststore()}; nothing is trusted by default.
 *
 * <p>Layout of the folder: {@code ca.p12} (the CA's key), {@code ca.crt}, {@code broker.p12} (the
 * broker's key and chain), {@code truststore.p12} (the CA certificate only); the store password is
 * {@code store.password} (owner-only). Made once; a restart reuses them.
 */
public final class KafkaTls {

  private static final Duration KEYTOOL_TIMEOUT = Duration.ofSeconds(60);

  private final Path dir;
  private final String storePassword;

  private KafkaTls(Path dir, String storePassword) {
    this.dir = dir;
    this.storePassword = storePassword;
  }

  /** The CA and the broker's certificate in {@code dir}, made if missing. */
  static KafkaTls in(Path dir) throws IOException {
    Files.createDirectories(dir);
    Path passwordFile = dir.resolve("store.password");
    if (Files.exists(dir.resolve("truststore.p12")) && Files.exists(passwordFile)) {
      return new KafkaTls(dir, Files.readString(passwordFile).strip());
    }
    String password = Secrets.newToken(24);
    Secrets.writePrivately(passwordFile, password);
    KafkaTls tls = new KafkaTls(dir, password);
    tls.create();
    return tls;
  }

  /** PKCS12 store holding the broker's key and its certificate chain. */
  public Path brokerKeystore() {
    return dir.resolve("broker.p12");
  }

  /** PKCS12 store holding only the CA certificate: what a client must trust. */
  public Path truststore() {
    return dir.resolve("truststore.p12");
  }

  /** The owner-only file holding the stores' password. */
  public Path storePasswordFile() {
    return dir.resolve("store.password");
  }

  String storePassword() {
    return storePassword;
  }

  private void create() throws IOException {
    String validity = "30";
    keytool(
        "-genkeypair",
        "-alias",
        "ca",
        "-keyalg",
        "EC",
        "-groupname",
        "secp256r1",
        "-dname",
        "CN=DeviceTrail local CA",
        "-ext",
        "bc:c",
        "-validity",
        validity,
        "-keystore",
        store("ca.p12"));
    keytool(
        "-genkeypair",
        "-alias",
        "broker",
        "-keyalg",
        "EC",
        "-groupname",
        "secp256r1",
        "-dname",
        "CN=localhost",
        "-validity",
        validity,
        "-keystore",
        store("broker.p12"));
    keytool(
        "-certreq",
        "-alias",
        "broker",
        "-keystore",
        store("broker.p12"),
        "-file",
        file("broker.csr"));
    keytool(
        "-gencert",
        "-alias",
        "ca",
        "-keystore",
        store("ca.p12"),
        "-infile",
        file("broker.csr"),
        "-outfile",
        file("broker.crt"),
        "-ext",
        "SAN=ip:127.0.0.1,dns:localhost",
        "-validity",
        validity,
        "-rfc");
    keytool(
        "-exportcert",
        "-alias",
        "ca",
        "-keystore",
        store("ca.p12"),
        "-rfc",
        "-file",
        file("ca.crt"));
    keytool(
        "-importcert",
        "-alias",
        "ca",
        "-file",
        file("ca.crt"),
        "-keystore",
        store("broker.p12"),
        "-noprompt");
    keytool(
        "-importcert",
        "-alias",
        "broker",
        "-file",
        file("broker.crt"),
        "-keystore",
        store("broker.p12"),
        "-noprompt");
    keytool(
        "-importcert",
        "-alias",
        "ca",
        "-file",
        file("ca.crt"),
        "-keystore",
        store("truststore.p12"),
        "-noprompt");
  }

  private String store(String name) {
    return dir.resolve(name).toString();
  }

  private String file(String name) {
    return dir.resolve(name).toString();
  }

  private void keytool(String... arguments) throws IOException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
    command.addAll(List.of(arguments));
    // The password comes from a variable, so it is not on any command line (ps shows those).
    command.addAll(List.of("-storetype", "PKCS12", "-storepass:env", "DEVICETRAIL_STORE_PASSWORD"));
    Commands.run(
        "keytool " + arguments[0],
        command,
        KEYTOOL_TIMEOUT,
        java.util.Map.of("DEVICETRAIL_STORE_PASSWORD", storePassword));
  }
}
