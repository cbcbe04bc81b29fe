package io.llmcost.cli;

import io.llmcost.reconcilers.JvmDefaults;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code java -jar llm-cost-operator.jar <command>}. */
@Command(
    name = "llm-cost-operator",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = "Prices LLM calls from OpenTelemetry spans and keeps spend inside budgets.",
    subcommands = {
      DemoCommand.class,
      OperatorCommand.class,
      IngesterCommand.class,
      DbCommand.class,
      PricingCommand.class,
      CommandLine.HelpCommand.class
    })
public final class Main implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  public static void main(String[] args) {
    JvmDefaults.apply();
    System.exit(commandLine().execute(args));
  }

  /** The configured command line; tests run it in-process. */
  public static CommandLine commandLine() {
    CommandLine cli = new CommandLine(new Main());
    cli.setExecutionExceptionHandler(
        (e, commandLine, parseResult) -> {
          commandLine.getErr().println("error: " + message(e));
          if (System.getenv("LLMCOST_DEBUG") != null) {
            e.printStackTrace(commandLine.getErr());
          }
          return 1;
        });
    return cli;
  }

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(), "name a command");
  }

  private static String message(Throwable e) {
    Throwable t = e;
    while (t.getMessage() == null && t.getCause() != null) {
      t = t.getCause();
    }
    return t.getMessage() != null ? t.getMessage() : t.getClass().getSimpleName();
  }
}
