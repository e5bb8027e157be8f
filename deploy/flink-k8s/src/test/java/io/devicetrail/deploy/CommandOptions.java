package io.devicetrail.deploy;

import java.lang.reflect.Constructor;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine;
import picocli.CommandLine.IFactory;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.IGetter;
import picocli.CommandLine.Model.ISetter;
import picocli.CommandLine.Model.OptionSpec;

/**
 * The options a deployable's command defines, read from its picocli annotations as {@code --help}
 * shows them: option names, the environment variable each one reads, and a parser that checks
 * option values with the command's own types and converters. The command is never run.
 *
 * <p>An option's environment variable is named either in its default value ({@code
 * ${env:DEVICETRAIL_KAFKA_BOOTSTRAP:-…}}, JobMain's way) or by a rule in the help text ({@code
 * DEVICETRAIL_POLLER_<OPTION>}, PollerMain's way).
 */
final class CommandOptions {

  private static final Pattern ENV_IN_DEFAULT = Pattern.compile("\\$\\{env:([A-Za-z0-9_]+)");
  private static final Pattern ENV_RULE_IN_HELP = Pattern.compile("\\b([A-Z][A-Z0-9_]*_)<OPTION>");

  private final Class<?> command;
  private final CommandSpec spec;
  private final Map<String, OptionSpec> byEnvironmentVariable = new LinkedHashMap<>();

  private CommandOptions(Class<?> command) {
    this.command = command;
    this.spec = CommandSpec.forAnnotatedObject(command, INERT_INSTANCES);
    // The default values as written, with their ${env:NAME} references.
    spec.interpolateVariables(false);
    Optional<String> envPrefix = envPrefixFromHelp();
    for (OptionSpec option : spec.options()) {
      if (option.usageHelp() || option.versionHelp()) {
        continue;
      }
      String defaultValue = option.defaultValue();
      if (defaultValue != null) {
        Matcher m = ENV_IN_DEFAULT.matcher(defaultValue);
        while (m.find()) {
          byEnvironmentVariable.put(m.group(1), option);
        }
      }
      envPrefix.ifPresent(prefix -> byEnvironmentVariable.put(prefix + envSuffix(option), option));
    }
  }

  /**
   * Makes command instances for picocli to inspect, also of commands without a no-argument
   * constructor (PollerMain takes its environment): they get empty arguments and are never run.
   */
  private static final IFactory INERT_INSTANCES =
      new IFactory() {
        @Override
        public <K> K create(Class<K> type) throws Exception {
          if (!type.isAnnotationPresent(CommandLine.Command.class)) {
            return CommandLine.defaultFactory().create(type);
          }
          Constructor<?> constructor = type.getDeclaredConstructors()[0];
          constructor.setAccessible(true);
          Object[] arguments =
              Arrays.stream(constructor.getParameterTypes())
                  .map(CommandOptions::emptyValue)
                  .toArray();
          return type.cast(constructor.newInstance(arguments));
        }
      };

  private static Object emptyValue(Class<?> type) {
    if (type == Properties.class) {
      return new Properties();
    }
    if (Map.class.isAssignableFrom(type)) {
      return Map.of();
    }
    if (List.class.isAssignableFrom(type)) {
      return List.of();
    }
    if (type == boolean.class) {
      return false;
    }
    if (type.isPrimitive()) {
      return 0;
    }
    return null;
  }

  static CommandOptions of(String className) {
    try {
      return of(Class.forName(className));
    } catch (ClassNotFoundException e) {
      throw new AssertionError(className + " is not on the classpath of the build", e);
    }
  }

  static CommandOptions of(Class<?> command) {
    if (!command.isAnnotationPresent(CommandLine.Command.class)) {
      throw new AssertionError(command.getName() + " is not a picocli @Command");
    }
    return new CommandOptions(command);
  }

  /** True if the class has the {@code public static void main(String[])} a JVM or Flink starts. */
  static boolean hasMainMethod(Class<?> type) {
    try {
      Method main = type.getMethod("main", String[].class);
      return Modifier.isStatic(main.getModifiers()) && main.getReturnType() == void.class;
    } catch (NoSuchMethodException e) {
      return false;
    }
  }

  String commandName() {
    return command.getSimpleName();
  }

  boolean defines(String optionName) {
    return spec.findOption(optionName) != null || spec.negatedOptionsMap().containsKey(optionName);
  }

  /** The option that reads this environment variable, if any. */
  Optional<OptionSpec> optionReading(String environmentVariable) {
    return Optional.ofNullable(byEnvironmentVariable.get(environmentVariable));
  }

  /**
   * The long option an environment variable stands for by the command's naming rule, if it has one.
   */
  Optional<String> optionNameByRule(String environmentVariable) {
    return envPrefixFromHelp()
        .filter(environmentVariable::startsWith)
        .map(
            prefix ->
                "--"
                    + environmentVariable
                        .substring(prefix.length())
                        .toLowerCase(Locale.ROOT)
                        .replace('_', '-'));
  }

  /**
   * Parses {@code args} as the command would and returns the error picocli reports (unknown option,
   * missing or badly typed value), or empty if they parse. Values go through the command's own
   * types and converters; defaults are applied too, so a broken default would show here as well.
   */
  Optional<String> parseError(List<String> args) {
    CommandLine unbound = new CommandLine(unboundCopy());
    try {
      unbound.parseArgs(args.toArray(String[]::new));
      return Optional.empty();
    } catch (CommandLine.ParameterException e) {
      return Optional.of(e.getMessage());
    }
  }

  /** {@code --name=value} for an option given its value as text (from an environment variable). */
  static String asArgument(OptionSpec option, String value) {
    return option.longestName() + "=" + value;
  }

  /**
   * The command's options bound to plain holders instead of the command's fields, so that they can
   * be parsed without constructing the command.
   */
  private CommandSpec unboundCopy() {
    CommandSpec copy = CommandSpec.create();
    for (OptionSpec option : spec.options()) {
      Holder holder = new Holder();
      copy.addOption(OptionSpec.builder(option).getter(holder).setter(holder).build());
    }
    return copy;
  }

  private Optional<String> envPrefixFromHelp() {
    List<String> help = new ArrayList<>();
    help.addAll(List.of(spec.usageMessage().description()));
    help.addAll(List.of(spec.usageMessage().footer()));
    for (String line : help) {
      Matcher m = ENV_RULE_IN_HELP.matcher(line);
      if (m.find()) {
        return Optional.of(m.group(1));
      }
    }
    return Optional.empty();
  }

  private static String envSuffix(OptionSpec option) {
    return option.longestName().replaceFirst("^-+", "").toUpperCase(Locale.ROOT).replace('-', '_');
  }

  /** Where a parsed value goes when the command's own field is not there. */
  private static final class Holder implements IGetter, ISetter {
    private Object value;

    @Override
    @SuppressWarnings("unchecked")
    public <T> T get() {
      return (T) value;
    }

    @Override
    @SuppressWarnings("unchecked")
    public <T> T set(T newValue) {
      T old = (T) value;
      value = newValue;
      return old;
    }
  }
}
