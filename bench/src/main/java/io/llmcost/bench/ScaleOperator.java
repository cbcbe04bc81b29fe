package io.llmcost.bench;

import com.zaxxer.hikari.HikariDataSource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.llmcost.ledger.LedgerDatabase;
import io.llmcost.reconcilers.OperatorRuntime;
import io.llmcost.reconcilers.OperatorSettings;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The operator of the scale benchmark, in its own JVM (so its heap is measured alone): the
 * product's OperatorRuntime against the cluster of KUBECONFIG, with the clock set to the end of the
 * dataset (it runs on from there). Answers "heap" on stdin with its live heap after a full GC.
 */
@Command(name = "scale-operator", mixinStandardHelpOptions = true)
final class ScaleOperator implements Callable<Integer> {
  @Option(names = "--db-url", required = true)
  String dbUrl;

  @Option(names = "--at", required = true, description = "the instant the clock starts at")
  Instant at;

  @Override
  public Integer call() throws Exception {
    Clock clock = Clock.offset(Clock.systemUTC(), Duration.between(Instant.now(), at));
    try (KubernetesClient client = new KubernetesClientBuilder().build();
        HikariDataSource db = LedgerDatabase.pool(dbUrl, null, null, 10);
        OperatorRuntime operator =
            OperatorRuntime.start(
                client,
                db,
                dbUrl,
                null,
                null,
                new OperatorSettings(
                    ScaleBudgets.PLATFORM_NAMESPACE,
                    0,
                    "http://127.0.0.1:1/block",
                    null,
                    Duration.ofMinutes(10),
                    true,
                    null,
                    3,
                    Duration.ofMillis(200),
                    clock))) {
      System.out.println("STARTED");
      BufferedReader in =
          new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
      for (String line; (line = in.readLine()) != null; ) {
        if (line.equals("heap")) {
          System.gc();
          System.gc();
          long used = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
          System.out.println("HEAP " + used / (1024 * 1024));
        }
      }
    }
    return 0;
  }
}
