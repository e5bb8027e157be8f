package io.devicetrail.poller.cursor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileCursorStoreTest {
  private static final Instant T1 = Instant.parse("2026-11-26T10:05:00Z");
  private static final Instant T2 = Instant.parse("2026-11-26T11:00:00.250Z");

  @TempDir Path stateDir;

  @Test
  void savedCursorsAreThereAfterReopening() throws Exception {
    try (FileCursorStore store = FileCursorStore.open(stateDir)) {
      store.save(new DeviceCursor("dev-1", T1, null));
      store.save(new DeviceCursor("tenant:dev.2", T1, T2));
      store.save(new DeviceCursor("dev-1", T2, T1));
    }

    try (FileCursorStore store = FileCursorStore.open(stateDir)) {
      assertThat(store.get("dev-1")).isEqualTo(new DeviceCursor("dev-1", T2, T1));
      assertThat(store.get("tenant:dev.2")).isEqualTo(new DeviceCursor("tenant:dev.2", T1, T2));
      assertThat(store.get("never-seen")).isEqualTo(DeviceCursor.start("never-seen"));
      assertThat(store.all()).containsOnlyKeys("dev-1", "tenant:dev.2");
    }
  }

  @Test
  void writesTheDocumentedFormat() throws Exception {
    try (FileCursorStore store = FileCursorStore.open(stateDir)) {
      store.save(new DeviceCursor("tenant:dev.2", T1, null));
    }

    Path file = stateDir.resolve("cursors/tenant%3Adev.2.json");
    assertThat(Files.readString(file))
        .isEqualToIgnoringNewLines(
            "{\"format\":1,\"device_id\":\"tenant:dev.2\","
                + "\"signal_since\":\"2026-11-26T10:05:00Z\",\"activity_since\":null}");
  }

  @Test
  void aWriteInterruptedByACrashLeavesTheLastSavedCursor() throws Exception {
    try (FileCursorStore store = FileCursorStore.open(stateDir)) {
      store.save(new DeviceCursor("dev-1", T1, T1));
    }
    // What a crash between writing the temp file and renaming it leaves behind: a half-written
    // temp file next to the last complete cursor.
    Path leftover = stateDir.resolve("cursors/.dev-1.json.4f1c2a.tmp");
    Files.writeString(leftover, "{\"format\":1,\"device_id\":\"dev-1\",\"signal_si");

    try (FileCursorStore store = FileCursorStore.open(stateDir)) {
      assertThat(store.get("dev-1")).isEqualTo(new DeviceCursor("dev-1", T1, T1));
      assertThat(store.all()).containsOnlyKeys("dev-1");
    }
    assertThat(leftover).doesNotExist();
  }

  @Test
  void leavesNoTempFileAfterASave() throws Exception {
    try (FileCursorStore store = FileCursorStore.open(stateDir)) {
      for (int i = 0; i < 5; i++) {
        store.save(new DeviceCursor("dev-1", T1.plusSeconds(i), null));
      }
    }
    try (Stream<Path> files = Files.list(stateDir.resolve("cursors"))) {
      assertThat(files.map(p -> p.getFileName().toString())).containsExactly("dev-1.json");
    }
  }

  @Test
  void refusesToOpenOverAnUnreadableCursorRatherThanStartTheDeviceOver() throws Exception {
    Files.createDirectories(stateDir.resolve("cursors"));
    Files.write(stateDir.resolve("cursors/dev-1.json"), "garbage".getBytes(StandardCharsets.UTF_8));

    assertThatThrownBy(() -> FileCursorStore.open(stateDir)).hasMessageContaining("dev-1.json");
  }

  @Test
  void refusesASecondStoreOnTheSameStateDirectory() throws Exception {
    try (FileCursorStore first = FileCursorStore.open(stateDir)) {
      assertThatThrownBy(() -> FileCursorStore.open(stateDir))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("in use");
    }
    FileCursorStore.open(stateDir).close();
  }

  @Test
  void encodesEveryDeviceIdIntoAPlainFileNameAndBack() {
    for (String id : new String[] {"dev-1", "a:b", ".hidden", "..", "x/y", "ü"}) {
      String name = FileCursorStore.encodeName(id);
      assertThat(name).matches("[A-Za-z0-9_%-][A-Za-z0-9._%-]*\\.json");
      assertThat(FileCursorStore.decodeName(name)).isEqualTo(id);
    }
  }
}
