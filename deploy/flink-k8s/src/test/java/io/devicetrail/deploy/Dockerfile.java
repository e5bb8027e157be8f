package io.devicetrail.deploy;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The parts of one of our Dockerfiles the tests compare with the build and the manifests: base
 * image, copied files, user and entry point. Only the instructions our Dockerfiles use are read;
 * {@code ${ARG}} references are resolved from the ARG defaults.
 */
record Dockerfile(
    Path path,
    String from,
    List<Copy> copies,
    List<String> runs,
    String user,
    List<String> entrypoint) {

  /** {@code COPY <source> <destination>}; the source is relative to the build context. */
  record Copy(String source, String destination) {}

  private static final Pattern ARG_REFERENCE = Pattern.compile("\\$\\{?([A-Za-z_][A-Za-z0-9_]*)}?");

  static Dockerfile read(Path path) {
    List<String> instructions;
    try {
      instructions = instructions(Files.readAllLines(path));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + path, e);
    }
    Map<String, String> args = new LinkedHashMap<>();
    String from = null;
    String user = null;
    List<String> entrypoint = List.of();
    List<Copy> copies = new ArrayList<>();
    List<String> runs = new ArrayList<>();
    for (String instruction : instructions) {
      String[] keywordAndRest = instruction.split("\\s+", 2);
      String keyword = keywordAndRest[0].toUpperCase(Locale.ROOT);
      String rest = keywordAndRest.length > 1 ? keywordAndRest[1].trim() : "";
      switch (keyword) {
        case "ARG" -> {
          String[] nameAndDefault = rest.split("=", 2);
          if (nameAndDefault.length == 2) {
            args.put(nameAndDefault[0], nameAndDefault[1]);
          }
        }
        case "FROM" -> from = substitute(rest.split("\\s+")[0], args);
        case "COPY" -> {
          List<String> words = new ArrayList<>(List.of(rest.split("\\s+")));
          words.removeIf(w -> w.startsWith("--"));
          if (words.size() != 2) {
            throw new AssertionError(
                path + ": expected COPY <source> <destination>: " + instruction);
          }
          copies.add(new Copy(substitute(words.get(0), args), substitute(words.get(1), args)));
        }
        case "RUN" -> runs.add(substitute(rest, args));
        case "USER" -> user = rest;
        case "ENTRYPOINT" -> entrypoint = jsonArray(path, rest);
        default -> {}
      }
    }
    if (from == null) {
      throw new AssertionError(path + " has no FROM");
    }
    return new Dockerfile(path, from, List.copyOf(copies), List.copyOf(runs), user, entrypoint);
  }

  /** The user id the image runs as, if USER names one by number ({@code USER 10001:10001}). */
  Optional<Long> userId() {
    if (user == null) {
      return Optional.empty();
    }
    String id = user.split(":")[0];
    return id.matches("\\d+") ? Optional.of(Long.parseLong(id)) : Optional.empty();
  }

  /** The jar {@code java -jar} runs, from an exec-form ENTRYPOINT. */
  Optional<String> javaJar() {
    int jar = entrypoint.indexOf("-jar");
    return jar >= 0 && jar + 1 < entrypoint.size()
        ? Optional.of(entrypoint.get(jar + 1))
        : Optional.empty();
  }

  /** The COPY whose source is a jar built by Maven (under some module's target/). */
  Copy builtJar() {
    List<Copy> jars =
        copies.stream()
            .filter(c -> c.source().contains("/target/") && c.source().endsWith(".jar"))
            .toList();
    if (jars.size() != 1) {
      throw new AssertionError(
          path + " must COPY exactly one jar from a module's target/, not " + jars);
    }
    return jars.get(0);
  }

  /** Joins continued lines and drops comments: one string per instruction. */
  private static List<String> instructions(List<String> lines) {
    List<String> instructions = new ArrayList<>();
    StringBuilder current = new StringBuilder();
    for (String line : lines) {
      String trimmed = line.trim();
      if (trimmed.startsWith("#") || (trimmed.isEmpty() && current.length() == 0)) {
        continue;
      }
      if (trimmed.endsWith("\\")) {
        current.append(trimmed, 0, trimmed.length() - 1).append(' ');
        continue;
      }
      current.append(trimmed);
      if (current.length() > 0) {
        instructions.add(current.toString().trim());
      }
      current.setLength(0);
    }
    return instructions;
  }

  private static String substitute(String text, Map<String, String> args) {
    Matcher m = ARG_REFERENCE.matcher(text);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      String value = args.get(m.group(1));
      m.appendReplacement(out, Matcher.quoteReplacement(value != null ? value : m.group()));
    }
    m.appendTail(out);
    return out.toString();
  }

  private static List<String> jsonArray(Path path, String text) {
    try {
      return List.of(new ObjectMapper().readValue(text, String[].class));
    } catch (IOException e) {
      throw new AssertionError(
          path + ": ENTRYPOINT must use the exec form [\"java\", ...]: " + text, e);
    }
  }
}
