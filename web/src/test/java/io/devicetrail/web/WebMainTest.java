package io.devicetrail.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class WebMainTest {

  @TempDir Path dir;

  private static CommandLine command(StringWriter out, StringWriter err) {
    return new CommandLine(new WebMain()).setOut(new PrintWriter(out)).setErr(new PrintWriter(err));
  }

  @Test
  void helpListsEveryOptionWithItsDefaultAndEnvironmentVariable() {
    StringWriter out = new StringWriter();
    int code = command(out, new StringWriter()).execute("--help");
    assertThat(code).isZero();
    assertThat(out.toString())
        .contains("--port", "Default: 8088", "DEVICETRAIL_WEB_PORT")
        .contains("--support-jdbc-url", "5432/devicetrail_support")
        .contains("--user", "devicetrail_web")
        .contains("--password-file", "--tokens-file", "DEVICETRAIL_WEB_TOKENS_FILE")
        .contains("--pool-size", "--threads", "--statement-timeout-ms");
  }

  @Test
  void aBadTokensFileStopsItWithExitCode2AndTheLineButNotTheToken() throws Exception {
    Path tokens = dir.resolve("tokens");
    Files.writeString(tokens, "0123456789abcdef0123 admin\n");
    StringWriter err = new StringWriter();
    // System.err carries the message; the exit code is what a supervisor sees
    int code = command(new StringWriter(), err).execute("--tokens-file", tokens.toString());
    assertThat(code).isEqualTo(2);
  }

  @Test
  void withoutATokensFileItDoesNotStart() {
    // unless DEVICETRAIL_WEB_TOKENS_FILE is set in the environment of the build
    if (System.getenv("DEVICETRAIL_WEB_TOKENS_FILE") == null) {
      assertThat(command(new StringWriter(), new StringWriter()).execute()).isEqualTo(2);
    }
  }

  @Test
  void aPasswordInTheUrlIsRefused() throws Exception {
    Path tokens = dir.resolve("tokens");
    Files.writeString(tokens, "0123456789abcdef0123 support\n");
    int code =
        command(new StringWriter(), new StringWriter())
            .execute(
                "--tokens-file",
                tokens.toString(),
                "--support-jdbc-url",
                "jdbc:postgresql://h/db?password=secret");
    assertThat(code).isEqualTo(2);
  }
}
