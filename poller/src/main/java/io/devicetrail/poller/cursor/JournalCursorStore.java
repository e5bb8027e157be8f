package io.devicetrail.poller.cursor;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.Writer;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
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
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.zip.CRC32;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Cursors for a million devices: an append-only journal of cursor updates, compacted now and then
 * into one snapshot file. Same guarantees as {@link FileCursorStore} (a {@link #save} that returns
 * is durable; a crash leaves the old or the new cursor; an unreadable state stops the start), with
 * a few files instead of one per device, and with saves of many threads sharing one fsync.
 *
 * <p>Files under {@code <state-dir>/cursor-journal/}:
 *
 * <ul>
 *   <li>{@code journal-<n>.log}: one line per save, {@code <crc32 hex> <device id> <signal_since>
 *       <activity_since>\n}, each since an RFC 3339 instant or {@code -} (never polled), the CRC
 *       over the text after the first space. Device ids are contract ids ({@code [A-Za-z0-9._:-]}),
 *       so a space separates safely.
 *   <li>{@code snapshot}: first line {@code devicetrail-cursors 1 <n>}, meaning "covers every
 *       journal below n", then one line per device in the journal's format.
 * </ul>
 *
 * <p>Opening reads the snapshot, then the journals from its n on, in order; the last line of the
 * last journal may be torn by a crash (it was never acknowledged: saves return only after the
 * fsync) and is cut off; any other bad line fails the open with its file and line. Then a new
 * journal is started. When the current journal grows past a threshold, a background thread starts a
 * new one and writes a snapshot of everything before it (temp file, fsync, atomic rename, directory
 * fsync), then deletes the journals the snapshot covers.
 *
 * <p>Saves are group-committed: each appends its line to a buffer and waits; one of the waiting
 * threads writes the buffer and fsyncs for all of them.
 *
 * <p>A {@code <state-dir>/cursors/} directory of {@link FileCursorStore} (one file per device) is
 * migrated on the first open: its cursors go into a snapshot and the directory is renamed {@code
 * cursors.migrated}. {@code <state-dir>/poller.lock} keeps a second poller out, as before.
 */
public final class JournalCursorStore implements CursorStore {
  private static final Logger LOG = LoggerFactory.getLogger(JournalCursorStore.class);
  private static final String SNAPSHOT = "snapshot";
  private static final String SNAPSHOT_HEADER = "devicetrail-cursors 1 ";
  private static final long DEFAULT_COMPACT_BYTES = 64L << 20;

  private final Path dir;
  private final FileChannel lockChannel;
  private final FileLock lock;
  private final long compactBytes;
  private final Map<String, DeviceCursor> cursors = new ConcurrentHashMap<>();
  private final ExecutorService compactor =
      Executors.newSingleThreadExecutor(
          r -> {
            Thread t = new Thread(r, "cursor-journal-compactor");
            t.setDaemon(true);
            return t;
          });

  // Guarded by `this`: the buffer of lines not yet written and the journal they go to.
  private StringBuilder buffer = new StringBuilder();
  private long appended;
  private FileChannel journal;
  private long journalNumber;
  private long journalBytes;
  private boolean compacting;
  private IOException broken;

  // Guarded by `flushLock`: how far the journal is durable.
  private final Object flushLock = new Object();
  private volatile long durable;

  private JournalCursorStore(Path dir, FileChannel lockChannel, FileLock lock, long compactBytes) {
    this.dir = dir;
    this.lockChannel = lockChannel;
    this.lock = lock;
    this.compactBytes = compactBytes;
  }

  /** Opens (creating or migrating if needed) the cursors of {@code stateDir}. */
  public static JournalCursorStore open(Path stateDir) throws IOException {
    return open(stateDir, DEFAULT_COMPACT_BYTES);
  }

  /** As {@link #open(Path)}, compacting once a journal holds {@code compactBytes}. */
  public static JournalCursorStore open(Path stateDir, long compactBytes) throws IOException {
    Files.createDirectories(stateDir);
    Path dir = stateDir.resolve("cursor-journal");
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
    JournalCursorStore store = new JournalCursorStore(dir, lockChannel, lock, compactBytes);
    try {
      store.migrateFileCursors(stateDir);
      store.load();
    } catch (IOException | RuntimeException e) {
      store.close();
      throw e;
    }
    return store;
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

  /** Devices with a stored cursor. */
  public int size() {
    return cursors.size();
  }

  @Override
  public void save(DeviceCursor cursor) throws IOException {
    String line = line(cursor);
    long mine;
    synchronized (this) {
      if (broken != null) {
        throw new IOException("cursor journal failed earlier: " + broken.getMessage(), broken);
      }
      if (!lock.isValid()) {
        throw new IllegalStateException("cursor store is closed");
      }
      buffer.append(line);
      mine = ++appended;
      cursors.put(cursor.deviceId(), cursor);
    }
    awaitDurable(mine);
  }

  private void awaitDurable(long mine) throws IOException {
    if (durable >= mine) {
      return;
    }
    synchronized (flushLock) {
      if (durable >= mine) {
        return;
      }
      // This thread writes and fsyncs everything appended so far, for every waiting thread.
      String pending;
      long upTo;
      FileChannel channel;
      synchronized (this) {
        if (broken != null) {
          throw new IOException("cursor journal failed earlier: " + broken.getMessage(), broken);
        }
        pending = buffer.toString();
        buffer = new StringBuilder();
        upTo = appended;
        channel = journal;
      }
      try {
        writeFully(channel, pending.getBytes(StandardCharsets.UTF_8));
        channel.force(false);
      } catch (IOException e) {
        synchronized (this) {
          broken = e;
        }
        throw e;
      }
      durable = upTo;
      boolean compact;
      synchronized (this) {
        journalBytes += pending.length();
        compact = journalBytes >= compactBytes && !compacting;
        if (compact) {
          compacting = true;
        }
      }
      if (compact) {
        compactor.execute(this::compactQuietly);
      }
    }
  }

  /** Starts a new journal and writes a snapshot covering all earlier ones (tests call it too). */
  void compact() throws IOException {
    long covered;
    Map<String, DeviceCursor> view;
    synchronized (flushLock) {
      // Everything appended is durable in the current journal once we hold the flush lock and
      // have flushed; then switch journals.
      synchronized (this) {
        String pending = buffer.toString();
        buffer = new StringBuilder();
        writeFully(journal, pending.getBytes(StandardCharsets.UTF_8));
        journal.force(false);
        durable = appended;
        journal.close();
        journalNumber++;
        covered = journalNumber;
        journal = openJournal(journalNumber);
        journalBytes = 0;
        view = new HashMap<>(cursors);
      }
    }
    // The view may already hold updates of the new journal: replaying that journal over it
    // ends at the same last value per device, so the snapshot is still right.
    writeSnapshot(view, covered);
    deleteJournalsBelow(covered);
  }

  private void compactQuietly() {
    try {
      compact();
    } catch (IOException e) {
      LOG.error("cursor journal compaction failed (journals are kept): {}", e.toString());
    } finally {
      synchronized (this) {
        compacting = false;
      }
    }
  }

  private void writeSnapshot(Map<String, DeviceCursor> view, long covered) throws IOException {
    Path temp = dir.resolve(".snapshot.tmp");
    try (FileChannel channel =
        FileChannel.open(
            temp,
            StandardOpenOption.CREATE,
            StandardOpenOption.TRUNCATE_EXISTING,
            StandardOpenOption.WRITE)) {
      Writer out = Channels.newWriter(channel, StandardCharsets.UTF_8);
      out.write(SNAPSHOT_HEADER + covered + "\n");
      for (DeviceCursor cursor : view.values()) {
        out.write(line(cursor));
      }
      out.flush();
      channel.force(true);
    }
    Files.move(
        temp,
        dir.resolve(SNAPSHOT),
        StandardCopyOption.ATOMIC_MOVE,
        StandardCopyOption.REPLACE_EXISTING);
    syncDirectory();
  }

  private void load() throws IOException {
    Files.deleteIfExists(dir.resolve(".snapshot.tmp"));
    long from = 0;
    Path snapshot = dir.resolve(SNAPSHOT);
    if (Files.exists(snapshot)) {
      from = readSnapshot(snapshot);
    }
    TreeMap<Long, Path> journals = journals();
    long lines = 0;
    Map.Entry<Long, Path> last = journals.lastEntry();
    for (Map.Entry<Long, Path> e : journals.entrySet()) {
      if (e.getKey() < from) {
        Files.delete(e.getValue()); // covered by the snapshot; left by a crash after it
        continue;
      }
      lines += replay(e.getValue(), e.getKey().equals(last.getKey()));
    }
    journalNumber = Math.max(from, last == null ? 0 : last.getKey() + 1);
    journal = openJournal(journalNumber);
    LOG.info(
        "loaded {} device cursors from {} ({} journal lines replayed)", cursors.size(), dir, lines);
  }

  private long readSnapshot(Path snapshot) throws IOException {
    try (BufferedReader in = Files.newBufferedReader(snapshot, StandardCharsets.UTF_8)) {
      String header = in.readLine();
      if (header == null || !header.startsWith(SNAPSHOT_HEADER)) {
        throw new IOException("unreadable cursor snapshot " + snapshot + ": bad header");
      }
      long covered = Long.parseLong(header.substring(SNAPSHOT_HEADER.length()).strip());
      String text;
      int number = 1;
      while ((text = in.readLine()) != null) {
        number++;
        DeviceCursor cursor = parse(text);
        if (cursor == null) {
          throw new IOException("unreadable cursor snapshot " + snapshot + " line " + number);
        }
        cursors.put(cursor.deviceId(), cursor);
      }
      return covered;
    }
  }

  /** Applies a journal; in the newest one a torn last line (crash mid-write) is cut off. */
  private long replay(Path file, boolean newest) throws IOException {
    byte[] bytes = Files.readAllBytes(file);
    long good = 0;
    long lines = 0;
    int start = 0;
    int number = 0;
    while (start < bytes.length) {
      int end = indexOf(bytes, (byte) '\n', start);
      number++;
      DeviceCursor cursor =
          end < 0 ? null : parse(new String(bytes, start, end - start, StandardCharsets.UTF_8));
      if (cursor == null) {
        boolean tail = end < 0 || end == bytes.length - 1;
        if (newest && tail) {
          LOG.warn("cursor journal {}: cut off a torn last line (an unfinished save)", file);
          try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
            ch.truncate(good);
            ch.force(true);
          }
          break;
        }
        throw new IOException("unreadable cursor journal " + file + " line " + number);
      }
      cursors.put(cursor.deviceId(), cursor);
      lines++;
      start = end + 1;
      good = start;
    }
    return lines;
  }

  private static int indexOf(byte[] bytes, byte b, int from) {
    for (int i = from; i < bytes.length; i++) {
      if (bytes[i] == b) {
        return i;
      }
    }
    return -1;
  }

  private TreeMap<Long, Path> journals() throws IOException {
    TreeMap<Long, Path> out = new TreeMap<>();
    try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "journal-*.log")) {
      for (Path f : files) {
        String name = f.getFileName().toString();
        out.put(Long.parseLong(name.substring("journal-".length(), name.length() - 4)), f);
      }
    }
    return out;
  }

  private void deleteJournalsBelow(long covered) throws IOException {
    for (Map.Entry<Long, Path> e : journals().headMap(covered).entrySet()) {
      Files.deleteIfExists(e.getValue());
    }
  }

  private FileChannel openJournal(long number) throws IOException {
    FileChannel channel =
        FileChannel.open(
            dir.resolve(String.format("journal-%012d.log", number)),
            StandardOpenOption.CREATE,
            StandardOpenOption.WRITE,
            StandardOpenOption.APPEND);
    syncDirectory();
    return channel;
  }

  private void migrateFileCursors(Path stateDir) throws IOException {
    Path old = stateDir.resolve("cursors");
    if (!Files.isDirectory(old)) {
      return;
    }
    if (!Files.exists(dir.resolve(SNAPSHOT)) && journals().isEmpty()) {
      List<DeviceCursor> found = new ArrayList<>(FileCursorStore.readDirectory(old).values());
      Map<String, DeviceCursor> view = new HashMap<>();
      for (DeviceCursor c : found) {
        view.put(c.deviceId(), c);
      }
      writeSnapshot(view, 0);
      LOG.info("migrated {} cursors from {} (one file per device) into {}", found.size(), old, dir);
    }
    Path moved = stateDir.resolve("cursors.migrated");
    if (!Files.exists(moved)) {
      Files.move(old, moved, StandardCopyOption.ATOMIC_MOVE);
    }
  }

  private void syncDirectory() {
    try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
      channel.force(true);
    } catch (IOException e) {
      LOG.debug("cannot fsync directory {}: {}", dir, e.getMessage());
    }
  }

  private static void writeFully(FileChannel channel, byte[] bytes) throws IOException {
    ByteBuffer b = ByteBuffer.wrap(bytes);
    while (b.hasRemaining()) {
      channel.write(b);
    }
  }

  static String line(DeviceCursor cursor) {
    String body =
        cursor.deviceId() + " " + text(cursor.signalSince()) + " " + text(cursor.activitySince());
    return crc(body) + " " + body + "\n";
  }

  /** The cursor of one line (without its newline), or null when the line is not a good one. */
  static DeviceCursor parse(String line) {
    int space = line.indexOf(' ');
    if (space != 8) {
      return null;
    }
    String body = line.substring(space + 1);
    if (!line.substring(0, space).equals(crc(body))) {
      return null;
    }
    String[] parts = body.split(" ", -1);
    if (parts.length != 3 || parts[0].isEmpty()) {
      return null;
    }
    try {
      return new DeviceCursor(parts[0], instant(parts[1]), instant(parts[2]));
    } catch (RuntimeException e) {
      return null;
    }
  }

  private static String text(Instant since) {
    return since == null ? "-" : since.toString();
  }

  private static Instant instant(String text) {
    return text.equals("-") ? null : Instant.parse(text);
  }

  private static String crc(String body) {
    CRC32 crc = new CRC32();
    crc.update(body.getBytes(StandardCharsets.UTF_8));
    return String.format("%08x", crc.getValue());
  }

  @Override
  public void close() throws IOException {
    compactor.shutdown();
    try {
      compactor.awaitTermination(60, java.util.concurrent.TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    try {
      synchronized (this) {
        if (journal != null && journal.isOpen()) {
          journal.close();
        }
      }
    } finally {
      try {
        if (lock.isValid()) {
          lock.release();
        }
      } finally {
        lockChannel.close();
      }
    }
  }
}
