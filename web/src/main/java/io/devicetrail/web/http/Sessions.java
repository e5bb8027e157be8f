package io.devicetrail.web.http;

import io.devicetrail.web.Viewer;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Signed-in browsers. A session is a random id (256 bits, never derived from the token) that stands
 * for a viewer until it expires or signs out; the token itself never goes into a cookie. Sessions
 * live in memory: a restart signs everyone out, which is fine for support pages.
 */
public final class Sessions {

  /** A signed-in browser: who, which token's rate limit it spends, and its sign-out form token. */
  public record Session(Viewer viewer, String tokenKey, String csrf, Instant expiresAt) {}

  private static final SecureRandom RANDOM = new SecureRandom();
  private static final int MAX_SESSIONS = 100_000;

  private final Map<String, Session> byId = new ConcurrentHashMap<>();
  private final Duration ttl;
  private final Clock clock;

  public Sessions(Duration ttl, Clock clock) {
    this.ttl = ttl;
    this.clock = clock;
  }

  /** A new session id for {@code viewer}; expired sessions are swept first. */
  public String create(Viewer viewer, String tokenKey) {
    Instant now = clock.instant();
    byId.values().removeIf(s -> !s.expiresAt().isAfter(now));
    if (byId.size() >= MAX_SESSIONS) {
      throw new IllegalStateException("too many sessions");
    }
    String id = randomId();
    byId.put(id, new Session(viewer, tokenKey, randomId(), now.plus(ttl)));
    return id;
  }

  public Optional<Session> find(String id) {
    if (id == null || id.isEmpty()) {
      return Optional.empty();
    }
    Session s = byId.get(id);
    if (s == null) {
      return Optional.empty();
    }
    if (!s.expiresAt().isAfter(clock.instant())) {
      byId.remove(id);
      return Optional.empty();
    }
    return Optional.of(s);
  }

  public void end(String id) {
    if (id != null) {
      byId.remove(id);
    }
  }

  public Duration ttl() {
    return ttl;
  }

  public int size() {
    return byId.size();
  }

  /** 32 random bytes, URL-safe base64 without padding. */
  public static String randomId() {
    byte[] bytes = new byte[32];
    RANDOM.nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }
}
