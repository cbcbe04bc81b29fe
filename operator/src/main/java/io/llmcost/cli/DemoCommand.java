package io.llmcost.cli;

import io.llmcost.cli.demo.Demo;
import java.util.concurrent.Callable;
import java.util.logging.Level;
import java.util.logging.LogManager;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code demo}: the whole system in one process, a budget tripped by real spans. */
@Command(
    name = "demo",
    mixinStandardHelpOptions = true,
    description =
        "Run everything in one process on embedded defaults (in-process Kubernetes API, embedded"
            + " PostgreSQL, the ingester and the operator), drive LLM calls through the"
            + " OpenTelemetry SDK until a budget notifies, swaps the model and blocks, print what"
            + " happened, and exit 0.")
final class DemoCommand implements Callable<Integer> {
  @Option(
      names = "--keep-running",
      description = "stay up afterwards with the API and metrics reachable")
  boolean keepRunning;

  @Option(names = "--otlp-grpc-port", defaultValue = "0", description = "default: any free port")
  int otlpGrpcPort;

  @Option(names = "--otlp-http-port", defaultValue = "0", description = "default: any free port")
  int otlpHttpPort;

  @Option(
      names = "--http-port",
      defaultValue = "0",
      description = "cost API and /metrics (default: any free port)")
  int httpPort;

  @Option(
      names = "--operator-http-port",
      defaultValue = "0",
      description = "default: any free port")
  int operatorHttpPort;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    quietLogs();
    Demo.Running running =
        new Demo(System.out, otlpGrpcPort, otlpHttpPort, httpPort, operatorHttpPort).run();
    if (!keepRunning) {
      running.close();
      return 0;
    }
    System.out.println("Still running (--keep-running); Ctrl-C stops it.");
    Lifecycle.runUntilShutdown(running);
    return 0;
  }

  /** The demo prints its own story; library chatter is limited to errors. */
  private static void quietLogs() {
    System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "error");
    LogManager.getLogManager().getLogger("").setLevel(Level.WARNING);
    for (var handler : LogManager.getLogManager().getLogger("").getHandlers()) {
      handler.setLevel(Level.WARNING);
    }
  }
}
