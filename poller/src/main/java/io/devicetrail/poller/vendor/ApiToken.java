package io.devicetrail.poller.vendor;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;

/**
 * The bearer token for the vendor API. Its {@link #toString()} never shows the secret, so that it
 * cannot leak into a log line or an exception message by accident.
 */
public final class ApiToken {

  /** The environment variable read when no token file is given. */
  public static final String ENV_VARIABLE = "DEVICETRAIL_API_TOKEN";

  private final String secret;

  private ApiToken(String secret) {
    this.secret = secret;
  }

  public static ApiToken of(String secret) {
    Objects.requireNonNull(secret, "secret");
    String trimmed = secret.strip();
    if (trimmed.isEmpty()) {
      throw new IllegalArgumentException("the API token is empty");
    }
    return new ApiToken(trimmed);
  }

  /** The token from a file (surrounding whitespace and the trailing newline are ignored). */
  public static ApiToken fromFile(Path file) throws IOException {
    try {
      return of(Files.readString(file, StandardCharsets.UTF_8));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("the API token file " + file + " is empty");
    }
  }

  /** The token file if given, else {@value #ENV_VARIABLE} from {@code environment}. */
  public static ApiToken resolve(Path tokenFile, Map<String, String> environment)
      throws IOException {
    if (tokenFile != null) {
      return fromFile(tokenFile);
    }
    String fromEnv = environment.get(ENV_VARIABLE);
    if (fromEnv == null || fromEnv.isBlank()) {
      throw new IllegalArgumentException(
          "no API token: give --api-token-file or set " + ENV_VARIABLE);
    }
    return of(fromEnv);
  }

  /** The value of the Authorization header. */
  String authorizationHeader() {
    return "Bearer " + secret;
  }

  @Override
  public String toString() {
    return "ApiToken[redacted]";
  }
}
