package io.devicetrail.web;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Bearer or login tokens and whom they stand for. File format, one token a line, {@code #}
 * comments:
 *
 * <pre>
 * 3f9c0a...   support
 * 7be21d...   tenant:acme
 * </pre>
 *
 * Tokens are kept only as SHA-256 hashes in memory and never logged.
 */
public final class TokenBook {

  private final Map<String, Viewer> viewersByTokenHash;

  private TokenBook(Map<String, Viewer> viewersByTokenHash) {
    this.viewersByTokenHash = Map.copyOf(viewersByTokenHash);
  }

  public static TokenBook read(Path file) throws IOException {
    return parse(Files.readAllLines(file, StandardCharsets.UTF_8), file.toString());
  }

  /** Parses the lines of a tokens file; {@code source} names it in error messages. */
  public static TokenBook parse(List<String> lines, String source) {
    Map<String, Viewer> viewers = new HashMap<>();
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i).strip();
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      String[] parts = line.split("\\s+");
      String where = source + " line " + (i + 1);
      if (parts.length != 2) {
        throw new IllegalArgumentException(where + ": expected '<token> support|tenant:<id>'");
      }
      if (parts[0].length() < 16) {
        throw new IllegalArgumentException(where + ": a token must be at least 16 characters");
      }
      Viewer viewer;
      if (parts[1].equals("support")) {
        viewer = Viewer.support();
      } else if (parts[1].startsWith("tenant:") && parts[1].length() > "tenant:".length()) {
        viewer = Viewer.client(parts[1].substring("tenant:".length()));
      } else {
        throw new IllegalArgumentException(
            where + ": the scope must be 'support' or 'tenant:<id>'");
      }
      if (viewers.put(hash(parts[0]), viewer) != null) {
        throw new IllegalArgumentException(where + ": the same token appears twice");
      }
    }
    return new TokenBook(viewers);
  }

  public Optional<Viewer> viewerFor(String token) {
    if (token == null || token.isEmpty()) {
      return Optional.empty();
    }
    return Optional.ofNullable(viewersByTokenHash.get(hash(token)));
  }

  /**
   * The key a token's requests are counted under for rate limits: a prefix of its hash, never the
   * token.
   */
  public static String rateKey(String token) {
    return "token:" + hash(token).substring(0, 24);
  }

  public int size() {
    return viewersByTokenHash.size();
  }

  private static String hash(String token) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JDK", e);
    }
  }
}
