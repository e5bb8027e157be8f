package io.devicetrail.sql;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The support database's migrations on the test class path, so that tests state "the newest
 * version" rather than a number each new migration would have to edit.
 */
final class SupportScripts {

  private static final Pattern NAME = Pattern.compile("V([1-9][0-9]*)__.*\\.sql");

  private SupportScripts() {}

  /** Versions of the {@code db/support/V<n>__*.sql} scripts, ascending. */
  static List<Integer> versions() {
    URL folder = SupportScripts.class.getClassLoader().getResource("db/support");
    try (Stream<Path> files = Files.list(Path.of(folder.toURI()))) {
      return files
          .map(p -> NAME.matcher(p.getFileName().toString()))
          .filter(Matcher::matches)
          .map(m -> Integer.parseInt(m.group(1)))
          .sorted()
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  static String latestVersion() {
    List<Integer> versions = versions();
    return String.valueOf(versions.get(versions.size() - 1));
  }

  static int count() {
    return versions().size();
  }
}
