package io.devicetrail.poller;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import picocli.CommandLine.IDefaultValueProvider;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * Option values that were not given on the command line: from the environment ({@code
 * --round-interval} is {@code DEVICETRAIL_POLLER_ROUND_INTERVAL}), else from the config file (key =
 * the long option name without dashes, {@code round-interval=30s}), else the built-in default.
 */
final class ConfigDefaults implements IDefaultValueProvider {
  static final String ENV_PREFIX = "DEVICETRAIL_POLLER_";

  private final Map<String, String> environment;
  private final Properties file;

  ConfigDefaults(Map<String, String> environment, Properties file) {
    this.environment = environment;
    this.file = file;
  }

  /**
   * The config file named by {@code --config} in {@code args}, or by the environment; may be null.
   */
  static Path configFile(String[] args, Map<String, String> environment) {
    for (int i = 0; i < args.length; i++) {
      if (args[i].equals("--config") && i + 1 < args.length) {
        return Path.of(args[i + 1]);
      }
      if (args[i].startsWith("--config=")) {
        return Path.of(args[i].substring("--config=".length()));
      }
    }
    String fromEnv = environment.get(envName("config"));
    return fromEnv == null || fromEnv.isBlank() ? null : Path.of(fromEnv);
  }

  static Properties load(Path file) throws IOException {
    Properties properties = new Properties();
    if (file != null) {
      try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
        properties.load(reader);
      }
    }
    return properties;
  }

  static String envName(String optionKey) {
    return ENV_PREFIX + optionKey.toUpperCase(Locale.ROOT).replace('-', '_');
  }

  static String key(OptionSpec option) {
    return option.longestName().replaceFirst("^-+", "");
  }

  @Override
  public String defaultValue(ArgSpec spec) {
    if (!(spec instanceof OptionSpec option) || option.usageHelp() || option.versionHelp()) {
      return null;
    }
    String key = key(option);
    String fromEnv = environment.get(envName(key));
    if (fromEnv != null) {
      return fromEnv;
    }
    // null: picocli falls back to the option's own default.
    return file.getProperty(key);
  }
}
