package io.devicetrail.maintenance;

import io.devicetrail.maintenance.lifecycle.S3LifecycleCommand;
import io.devicetrail.maintenance.reconcile.ReconcileCommand;
import io.devicetrail.maintenance.retention.RetentionCommand;
import java.time.Clock;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code devicetrail-maintenance}: the scheduled and on-demand maintenance of DeviceTrail's stores,
 * one subcommand each. Nothing else lives here.
 *
 * <pre>
 * java -jar devicetrail-maintenance.jar retention --dry-run
 * java -jar devicetrail-maintenance.jar reconcile --from 2026-11-20 --to 2026-11-22
 * java -jar devicetrail-maintenance.jar s3-lifecycle --archive-path s3://bucket/archive
 * </pre>
 */
@Command(
    name = "devicetrail-maintenance",
    mixinStandardHelpOptions = true,
    version = "devicetrail-maintenance 0.1.0",
    usageHelpWidth = 110,
    description =
        "Maintenance of DeviceTrail's stores: tier retention, rollups rebuilt from the lake.",
    subcommands = {
      RetentionCommand.class,
      ReconcileCommand.class,
      S3LifecycleCommand.class,
      CommandLine.HelpCommand.class
    },
    footer = {
      "",
      "Every option can also come from the environment variable named in its description, or",
      "from an argument file given as @FILE holding one option per line.",
      "Exit codes: 0 done (or nothing to do), 1 failed, 2 bad options or configuration."
    })
public final class MaintenanceCommand implements Runnable {

  /** Log configuration of the runnable jar unless the operator names another one. */
  static final String LOG_CONFIG = "devicetrail-maintenance-log4j2.xml";

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  public static void main(String[] args) {
    if (System.getProperty("log4j2.configurationFile") == null
        && System.getProperty("log4j.configurationFile") == null) {
      System.setProperty("log4j2.configurationFile", LOG_CONFIG);
    }
    System.exit(commandLine().execute(args));
  }

  /** The command line with every subcommand, as {@link #main} runs it. */
  public static CommandLine commandLine() {
    return commandLine(Clock.systemUTC());
  }

  /** The command line on another clock: tests move time instead of waiting for it. */
  public static CommandLine commandLine(Clock clock) {
    CommandLine.IFactory defaults = CommandLine.defaultFactory();
    CommandLine.IFactory factory =
        new CommandLine.IFactory() {
          @Override
          @SuppressWarnings("unchecked")
          public <K> K create(Class<K> type) throws Exception {
            if (type == RetentionCommand.class) {
              return (K) new RetentionCommand(clock);
            }
            if (type == ReconcileCommand.class) {
              return (K) new ReconcileCommand(clock);
            }
            return defaults.create(type);
          }
        };
    return new CommandLine(new MaintenanceCommand(), factory)
        .setCaseInsensitiveEnumValuesAllowed(true)
        .setExitCodeExceptionMapper(e -> e instanceof CommandLine.ParameterException ? 2 : 1);
  }

  /** Without a subcommand: the usage, and exit code 2. */
  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(), "Name a subcommand.");
  }
}
