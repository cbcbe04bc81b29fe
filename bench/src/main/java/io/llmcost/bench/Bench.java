package io.llmcost.bench;

import io.llmcost.reconcilers.JvmDefaults;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code java -jar llm-cost-bench.jar <benchmark>}; bench/run.sh drives them. */
@Command(
    name = "llm-cost-bench",
    mixinStandardHelpOptions = true,
    subcommands = {
      IngestServe.class,
      IngestLoad.class,
      EnforcementBench.class,
      IngestBenchmark.class,
      ScaleBench.class,
      ScaleOperator.class
    })
public final class Bench implements Runnable {
  public static void main(String[] args) {
    JvmDefaults.apply();
    System.exit(new CommandLine(new Bench()).execute(args));
  }

  @Override
  public void run() {
    CommandLine.usage(this, System.out);
  }
}
