package io.devicetrail.poller.cursor;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Cursors as one small JSON file per device under {@code <state-dir>/cursors/}.
 *
 * <p>Format (version 1), file {@code <state-dir>/cursors/<device id, percent-encoded>.json}:
 *
 * <pre>{@code
 * {"format":1,"device_id":"dev-0001","signal_since":"2026-11-26T10:05:00Z","activity_since":null}
 * }</pre>
 *
 * {@code *_since} is an RFC 3339 instant or null (never polled). In the file name every character
 * other than {@code [A-Za-z0-9._-]} is written as {@code %XX} of its UTF-8 bytes.
 *
 * <p>Writes are atomic: the new content goes to a hidden temp file ({@code .<name>.<uuid>.tmp}),
 * which is fsynced, renamed over the old file, and the directory is fsynced. A crash leaves either
 * the old or the new cursor, plus perhaps a temp file, which opening ignores and deletes. A file
 * that does not parse fails the open, loudly: silently restarting that device from the beginning
 * would republish its whole history.
 *
 * <p>{@code <state-dir>/poller.lock} is held while the store is open, so that two pollers never
 * share one state directory.
 */
public final class FileCursorStore implements CursorStore {
  private static final Logger LOG = LoggerFactory.getLogger(FileCursorStore.class);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int FORMAT = 1;
  private static final String SUFFIX = ".json";
  private static final String TEMP_SUFFIX = ".tmp";

  private final Path dir;
  private final FileChannel lockChannel;
  private final FileLock lock;
  private final Map<String, DeviceCursor> cursors = new ConcurrentHashMap<>();

  private FileCursorStore(Path dir, FileChannel lockChannel, FileLock lock) {
    this.dir = dir;
    this.lockChannel = lockChannel;
    this.lock = lock;
  }

  /** Opens (creating if needed) the cursors of {@code stateDir}, loading them all. */
  public static FileCursorStore open(Path stateDir) throws IOException {
    Path dir = stateDir.resolve("cursors");
    Files.createDirectories(dir);
    FileChannel lockChannel =
        FileChannel.open(
            stateDir.resolve("poller.lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
    FileLock lock;
    try {
      lock = lockChannel.tryLock();
    } catch (OverlappingFileLockException e) {
      lock = null;
    }
    if (lock == null) {
      lockChannel.close();
      throw new IllegalStateException(
          "state directory " + stateDir + " is in use by another poller (poller.lock is held)");
    }
    FileCursorStore store = new FileCursorStore(dir, lockChannel, lock);
    try {
      store.load();
    } catch (IOException | RuntimeException e) {
      store.close();
      throw e;
    }
    return store;
  }

  private void load() throws IOException {
    int leftovers = 0;
    try (DirectoryStream<Path> files = Files.newDirectoryStream(dir)) {
      for (Path file : files) {
        String name = file.getFileName().toString();
        if (name.endsWith(TEMP_SUFFIX)) {
          // An interrupted write: the cursor it carried was never acknowledged as saved.
          Files.deleteIfExists(file);
          leftovers++;
        } else if (name.endsWith(SUFFIX) && !name.startsWith(".")) {
          DeviceCursor cursor = read(file);
          cursors.put(cursor.deviceId(), cursor);
        }
      }
    }
    LOG.info(
        "loaded {} device cursors from {}{}",
        cursors.size(),
        dir,
        leftovers == 0 ? "" : " (removed " + leftovers + " unfinished temp files)");
  }

  /** Every cursor file of a {@code cursors} directory (for migration), without locking it. */
  static Map<String, DeviceCursor> readDirectory(Path cursorsDir) throws IOException {
    Map<String, DeviceCursor> out = new java.util.HashMap<>();
    try (DirectoryStream<Path> files = Files.newDirectoryStream(cursorsDir)) {
      for (Path file : files) {
        String name = file.getFileName().toString();
        if (name.endsWith(SUFFIX) && !name.startsWith(".")) {
          DeviceCursor cursor = read(file);
          out.put(cursor.deviceId(), cursor);
        }
      }
    }
    return out;
  }

  private static DeviceCursor read(Path file) throws IOException {
    String expectedId = decodeName(file.getFileName().toString());
    try {
      JsonNode node = JSON.readTree(Files.readAllBytes(file));
      if (node == null || !node.isObject() || node.path("format").asInt(-1) != FORMAT) {
        throw new IOException("not a format " + FORMAT + " cursor");
      }
      String deviceId = node.path("device_id").asText(null);
      if (!expectedId.equals(deviceId)) {
        throw new IOException("device_id " + deviceId + " does not match the file name");
      }
      return new DeviceCursor(
          deviceId, instant(node.get("signal_since")), instant(node.get("activity_since")));
    } catch (IOException | DateTimeParseException e) {
      throw new IOException("unreadable cursor file " + file + ": " + e.getMessage(), e);
    }
  }

  private static Instant instant(JsonNode node) {
    return node == null || node.isNull() ? null : Instant.parse(node.asText());
  }

  @Override
  public DeviceCursor get(String deviceId) {
    DeviceCursor cursor = cursors.get(deviceId);
    return cursor != null ? cursor : DeviceCursor.start(deviceId);
  }

  @Override
  public Map<String, DeviceCursor> all() {
    return Map.copyOf(cursors);
  }

  @Override
  public void save(DeviceCursor cursor) throws IOException {
    if (!lock.isValid()) {
      throw new IllegalStateException("cursor store is closed");
    }
    String name = encodeName(cursor.deviceId());
    Path target = dir.resolve(name);
    Path temp = dir.resolve("." + name + "." + UUID.randomUUID() + TEMP_SUFFIX);
    try {
      try (FileChannel channel =
          FileChannel.open(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
        ByteBuffer bytes = ByteBuffer.wrap(toJson(cursor));
        while (bytes.hasRemaining()) {
          channel.write(bytes);
        }
        channel.force(true);
      }
      Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      Files.deleteIfExists(temp);
      throw e;
    }
    syncDirectory();
    cursors.put(cursor.deviceId(), cursor);
  }

  /** Makes the rename itself durable (on Linux a directory can be fsynced through a channel). */
  private void syncDirectory() {
    try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
      channel.force(true);
    } catch (IOException e) {
      // Some platforms cannot open a directory; the rename is still atomic there.
      LOG.debug("cannot fsync directory {}: {}", dir, e.getMessage());
    }
  }

  private static byte[] toJson(DeviceCursor cursor) throws IOException {
    ObjectNode node = JSON.createObjectNode();
    node.put("format", FORMAT);
    node.put("device_id", cursor.deviceId());
    node.put("signal_since", cursor.signalSince() == null ? null : cursor.signalSince().toString());
    node.put(
        "activity_since",
        cursor.activitySince() == null ? null : cursor.activitySince().toString());
    return (JSON.writeValueAsString(node) + "\n").getBytes(StandardCharsets.UTF_8);
  }

  static String encodeName(String deviceId) {
    StringBuilder out = new StringBuilder(deviceId.length() + SUFFIX.length());
    for (byte b : deviceId.getBytes(StandardCharsets.UTF_8)) {
      char c = (char) (b & 0xff);
      boolean plain =
          (c >= 'A' && c <= 'Z')
              || (c >= 'a' && c <= 'z')
              || (c >= '0' && c <= '9')
              || c == '-'
              || c == '_'
              // A leading dot would hide the file, and hidden names are temp files.
              || (c == '.' && out.length() > 0);
      if (plain) {
        out.append(c);
      } else {
        out.append(String.format("%%%02X", b & 0xff));
      }
    }
    return out.append(SUFFIX).toString();
  }

  static String decodeName(String fileName) {
    String encoded = fileName.substring(0, fileName.length() - SUFFIX.length());
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(encoded.length());
    for (int i = 0; i < encoded.length(); i++) {
      char c = encoded.charAt(i);
      if (c == '%' && i + 2 < encoded.length()) {
        bytes.write(Integer.parseInt(encoded.substring(i + 1, i + 3), 16));
        i += 2;
      } else {
        bytes.write(c);
      }
    }
    return bytes.toString(StandardCharsets.UTF_8);
  }

  @Override
  public void close() throws IOException {
    try {
      if (lock.isValid()) {
        lock.release();
      }
    } finally {
      lockChannel.close();
    }
  }
}
