package io.devicetrail.jobs;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Finds the newest complete retained checkpoint under a local checkpoint directory, so that a local
 * rerun resumes where the last run stopped (even after kill -9). A checkpoint is complete when its
 * {@code _metadata} file exists; Flink writes that last.
 */
public final class CheckpointLocator {

  private static final Pattern CHK = Pattern.compile("chk-(\\d+)");

  private CheckpointLocator() {}

  /** The newest {@code <dir>/<job-id>/chk-N} with a {@code _metadata} file, if any. */
  public static Optional<Path> latest(Path checkpointDir) {
    if (!Files.isDirectory(checkpointDir)) {
      return Optional.empty();
    }
    try (Stream<Path> jobs = Files.list(checkpointDir)) {
      return jobs.filter(Files::isDirectory)
          .flatMap(CheckpointLocator::completeCheckpoints)
          .max(
              Comparator.comparingLong((Path p) -> lastModified(p.resolve("_metadata")))
                  .thenComparingLong(CheckpointLocator::number));
    } catch (IOException e) {
      throw new IllegalStateException("cannot list checkpoints in " + checkpointDir, e);
    }
  }

  private static Stream<Path> completeCheckpoints(Path jobDir) {
    try (Stream<Path> entries = Files.list(jobDir)) {
      return entries
          .filter(p -> CHK.matcher(p.getFileName().toString()).matches())
          .filter(p -> Files.isRegularFile(p.resolve("_metadata")))
          .toList()
          .stream();
    } catch (IOException e) {
      return Stream.empty();
    }
  }

  private static long number(Path chk) {
    Matcher m = CHK.matcher(chk.getFileName().toString());
    return m.matches() ? Long.parseLong(m.group(1)) : -1;
  }

  private static long lastModified(Path p) {
    try {
      return Files.getLastModifiedTime(p).toMillis();
    } catch (IOException e) {
      return -1;
    }
  }
}
