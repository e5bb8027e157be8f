package io.devicetrail.poller.shard;

import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Which devices one of N poller replicas owns, by rendezvous (highest random weight) hashing: a
 * device belongs to the shard with the highest {@code weight(device_id, shard)}. Every replica
 * computes the same answer from the id alone, so no device is polled by two replicas and none is
 * left out; when N changes, only the devices whose winning shard changed move (about 1/N of them
 * when a replica is added), not nearly all as with {@code hash mod N}.
 *
 * <p>The weight, so that other programs can compute the same split: {@code h} = 64-bit FNV-1a of
 * the id's UTF-8 bytes; {@code weight} = SplitMix64's finaliser of {@code h ^ (shard + 1) ×
 * 0x9E3779B97F4A7C15}, compared as unsigned; ties go to the lower shard.
 */
public record ShardAssignment(int index, int count) {
  private static final Pattern TRAILING_NUMBER = Pattern.compile("(?:^|.*-)(\\d+)$");

  public ShardAssignment {
    if (count < 1) {
      throw new IllegalArgumentException("shard count must be at least 1, got " + count);
    }
    if (index < 0 || index >= count) {
      throw new IllegalArgumentException(
          "shard index must be within [0, " + (count - 1) + "], got " + index);
    }
  }

  /** One replica polls everything. */
  public static ShardAssignment single() {
    return new ShardAssignment(0, 1);
  }

  /**
   * The shard index from {@code "3"} or from a StatefulSet pod name such as {@code
   * "devicetrail-poller-3"} (the number after the last dash).
   */
  public static int parseIndex(String text) {
    String value = text == null ? "" : text.strip();
    Matcher m = TRAILING_NUMBER.matcher(value);
    if (!m.matches()) {
      throw new IllegalArgumentException(
          "shard index must be a number or a pod name ending in -<number>, got '" + value + "'");
    }
    try {
      return Integer.parseInt(m.group(1));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("shard index out of range: '" + value + "'");
    }
  }

  public boolean isSingle() {
    return count == 1;
  }

  /** Does this replica poll {@code deviceId}? */
  public boolean owns(String deviceId) {
    return count == 1 || ownerOf(deviceId, count) == index;
  }

  /** The shard of {@code count} that owns {@code deviceId}. */
  public static int ownerOf(String deviceId, int count) {
    long h = fnv1a(deviceId);
    int best = 0;
    long bestWeight = weight(h, 0);
    for (int shard = 1; shard < count; shard++) {
      long w = weight(h, shard);
      if (Long.compareUnsigned(w, bestWeight) > 0) {
        best = shard;
        bestWeight = w;
      }
    }
    return best;
  }

  private static long weight(long idHash, int shard) {
    long z = idHash ^ ((shard + 1L) * 0x9E3779B97F4A7C15L);
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }

  private static long fnv1a(String id) {
    long h = 0xcbf29ce484222325L;
    for (byte b : id.getBytes(StandardCharsets.UTF_8)) {
      h ^= (b & 0xff);
      h *= 0x100000001b3L;
    }
    return h;
  }

  @Override
  public String toString() {
    return index + "/" + count;
  }
}
