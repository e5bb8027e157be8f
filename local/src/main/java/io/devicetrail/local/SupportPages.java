package io.devicetrail.local;

import com.zaxxer.hikari.HikariDataSource;
import io.devicetrail.localservices.LocalPostgres;
import io.devicetrail.localservices.Secrets;
import io.devicetrail.web.SupportDb;
import io.devicetrail.web.TokenBook;
import io.devicetrail.web.WebMain;
import io.devicetrail.web.WebServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * The support pages of the local run: a login user that can only take the read-only support and
 * client roles (row-level security scopes a client to its tenant), a tokens file with one token for
 * support staff and one per tenant, and the web server. Tokens and password live in the data
 * directory, readable by its owner only, never printed.
 */
final class SupportPages implements AutoCloseable {

  static final String LOGIN_ROLE = "devicetrail_web";

  private final HikariDataSource dataSource;
  private final WebServer server;
  private final Path tokensFile;

  private SupportPages(HikariDataSource dataSource, WebServer server, Path tokensFile) {
    this.dataSource = dataSource;
    this.server = server;
    this.tokensFile = tokensFile;
  }

  static SupportPages start(
      Path dir, LocalPostgres postgres, String database, List<String> tenants, int port)
      throws IOException, SQLException {
    Files.createDirectories(
        dir,
        java.nio.file.attribute.PosixFilePermissions.asFileAttribute(
            java.nio.file.attribute.PosixFilePermissions.fromString("rwx------")));
    String password = secret(dir.resolve("password"));
    try (Connection c = postgres.connect(database);
        Statement s = c.createStatement()) {
      // NOINHERIT: the login reads nothing until a page takes the support or the client role.
      s.execute(
          "DO $$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '"
              + LOGIN_ROLE
              + "') THEN CREATE ROLE "
              + LOGIN_ROLE
              + " LOGIN NOINHERIT; END IF; END $$");
      s.execute("ALTER ROLE " + LOGIN_ROLE + " PASSWORD '" + password.replace("'", "''") + "'");
      s.execute("GRANT devicetrail_client, devicetrail_support TO " + LOGIN_ROLE);
    }
    Path tokensFile = dir.resolve("tokens");
    if (!Files.exists(tokensFile)) {
      List<String> lines = new ArrayList<>();
      lines.add("# token  scope — open /login on the pages and paste a token");
      lines.add(token() + " support");
      for (String tenant : tenants) {
        lines.add(token() + " tenant:" + tenant);
      }
      writePrivate(tokensFile, String.join("\n", lines) + "\n");
    }
    HikariDataSource ds = WebMain.dataSource(postgres.jdbcUrl(database), LOGIN_ROLE, password, 4);
    try {
      SupportDb db = new SupportDb(ds, 10_000);
      TokenBook tokens = TokenBook.read(tokensFile);
      WebServer server;
      try {
        server = WebServer.start("127.0.0.1", port, 4, db, tokens);
      } catch (java.net.BindException taken) {
        // Another program has the port: any free one will do for a local run.
        server = WebServer.start("127.0.0.1", 0, 4, db, tokens);
      }
      return new SupportPages(ds, server, tokensFile);
    } catch (IOException | RuntimeException e) {
      ds.close();
      throw e;
    }
  }

  String url() {
    return "http://127.0.0.1:" + server.port() + "/";
  }

  Path tokensFile() {
    return tokensFile;
  }

  @Override
  public void close() {
    server.close();
    dataSource.close();
  }

  private static String secret(Path file) throws IOException {
    if (Files.exists(file)) {
      return Files.readString(file).strip();
    }
    String value = token();
    writePrivate(file, value);
    return value;
  }

  private static String token() {
    byte[] bytes = new byte[18];
    new SecureRandom().nextBytes(bytes);
    return HexFormat.of().formatHex(bytes);
  }

  /** rw------- from creation on (a chmod after writing would leave a window). */
  private static void writePrivate(Path file, String content) throws IOException {
    Secrets.writePrivately(file, content);
  }
}
