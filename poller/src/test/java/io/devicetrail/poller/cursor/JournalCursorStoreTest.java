package io.devicetrail.poller.cursor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JournalCursorStoreTest {
  private static final Instant T1 = Instant.parse("2026-11-26T10:05:00Z");
  private static final Instant T2 = Instant.parse("2026-11-26T11:00:00.250Z");

  @TempDir Path stateDir;

  @Test
  void savedCursorsAreThereAfterReopening() throws Exception {
    try (JournalCursorStore store = JournalCursorStore.open(stateDir)) {
      store.save(new DeviceCursor("dev-1", T1, null));
      store.save(new DeviceCursor("tenant:dev.2", T1, T2));
      store.save(new DeviceCursor("dev-1", T2, T1));
    }
    try (JournalCursorStore store = JournalCursorStore.open(stateDir)) {
      assertThat(store.get("dev-1")).isEqualTo(new DeviceCursor("dev-1", T2, T1));
      assertThat(store.get("tenant:dev.2")).isEqualTo(new DeviceCursor("tenant:dev.2", T1, T2));
      assertThat(store.get("never-seen")).isEqualTo(DeviceCursor.start("never-seen"));
      assertThat(store.all()).containsOnlyKeys("dev-1", "tenant:dev.2");
    }
  }

  @Test
  void aSaveTornByACrashIsCutOffAndTheLastCompleteOneStays() throws Exception {
    try (JournalCursorStore store = JournalCursorStore.open(stateDir)) {
      store.save(new DeviceCursor("dev-1", T1, T1));
    }
    // What a kill in the middle of a write leaves: half a line at the end of the newest journal.
    Path journal = newestJournal();
    Files.write(
        journal,
        "1a2b3c4d dev-1 2026-11-26T1".getBytes(StandardCharsets.UTF_8),
        StandardOpenOption.APPEND);

    try (JournalCursorStore store = JournalCursorStore.open(stateDir)) {
      assertThat(store.get("dev-1")).isEqualTo(new DeviceCursor("dev-1", T1, T1));
      store.save(new DeviceCursor("dev-1", T2, T1));
    }
    try (JournalCursorStore store = JournalCursorStore.open(stateDir)) {
      assertThat(store.get("dev-1")).isEqualTo(new DeviceCursor("dev-1", T2, T1));
    }
  }

  @Test
  void refusesToOpenOverACorruptLineThatIsNotATornTail() throws Exception {
    try (JournalCursorStore store = JournalCursorStore.open(stateDir)) {
      store.save(new DeviceCursor("dev-1", T1, T1));
      store.save(new DeviceCursor("dev-2", T1, T1));
    }
    Path journal = newestJournal();
    String text = Files.readString(journal);
    Files.writeString(journal, text.replaceFirst("dev-1", "dev-9"));

    assertThatThrownBy(() -> JournalCursorStore.open(stateDir))
        .hasMessageContaining("unreadable cursor journal")
        .hasMessageContaining("line 1");
  }

  @Test
  void compactionKeepsEveryCursorInASnapshotAndDropsOldJournals() throws Exception {
    try (JournalCursorStore store = JournalCursorStore.open(stateDir, 2_000)) {
      for (int round = 0; round < 20; round++) {
        for (int d = 0; d < 10; d++) {
          store.save(new DeviceCursor("dev-" + d, T1.plusSeconds(round), null));
        }
      }
      store.compact();
    }
    try (Stream<Path> files = Files.list(stateDir.resolve("cursor-journal"))) {
      assertThat(files.filter(f -> f.toString().endsWith(".log")).count()).isLessThanOrEqualTo(2);
    }
    try (JournalCursorStore store = JournalCursorStore.open(stateDir)) {
      assertThat(store.size()).isEqualTo(10);
      assertThat(store.get("dev-7").signalSince()).isEqualTo(T1.plusSeconds(19));
    }
  }

  @Test
  void manyThreadsSaveAtOnceAndEverySaveIsDurable() throws Exception {
    try (JournalCursorStore store = JournalCursorStore.open(stateDir)) {
      List<Thread> threads = new ArrayList<>();
      for (int t = 0; t < 8; t++) {
        int thread = t;
        Thread worker =
            new Thread(
                () -> {
                  for (int i = 0; i < 200; i++) {
                    try {
                      store.save(new DeviceCursor("dev-" + thread + "-" + i, T1, null));
                    } catch (Exception e) {
                      throw new AssertionError(e);
                    }
                  }
                });
        worker.start();
        threads.add(worker);
      }
      for (Thread t : threads) {
        t.join();
      }
    }
    try (JournalCursorStore store = JournalCursorStore.open(stateDir)) {
      assertThat(store.size()).isEqualTo(1600);
    }
  }

  @Test
  void migratesTheOneFilePerDeviceCursorsOfEarlierVersions() throws Exception {
    try (FileCursorStore old = FileCursorStore.open(stateDir)) {
      old.save(new DeviceCursor("dev-1", T1, T2));
      old.save(new DeviceCursor("a:b", null, T1));
    }
    try (JournalCursorStore store = JournalCursorStore.open(stateDir)) {
      assertThat(store.get("dev-1")).isEqualTo(new DeviceCursor("dev-1", T1, T2));
      assertThat(store.get("a:b")).isEqualTo(new DeviceCursor("a:b", null, T1));
    }
    assertThat(stateDir.resolve("cursors")).doesNotExist();
    assertThat(stateDir.resolve("cursors.migrated")).isDirectory();
  }

  @Test
  void refusesASecondStoreOnTheSameStateDirectory() throws Exception {
    try (JournalCursorStore first = JournalCursorStore.open(stateDir)) {
      assertThatThrownBy(() -> JournalCursorStore.open(stateDir))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("in use");
    }
  }

  private Path newestJournal() throws Exception {
    try (Stream<Path> files = Files.list(stateDir.resolve("cursor-journal"))) {
      return files
          .filter(f -> f.getFileName().toString().startsWith("journal-"))
          .filter(f -> f.toFile().length() > 0)
          .max(Path::compareTo)
          .orElseThrow();
    }
  }
}
