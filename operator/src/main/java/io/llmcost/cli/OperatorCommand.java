package io.llmcost.cli;

import com.zaxxer.hikari.HikariDataSource;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.llmcost.ledger.Migrations;
import io.llmcost.reconcilers.OperatorRuntime;
import io.llmcost.reconcilers.OperatorSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code operator}: reconciles LlmBudget, LlmPricing and LlmCostStack. */
@Command(
    name = "operator",
    mixinStandardHelpOptions = true,
    description =
        "Reconcile LlmBudget, LlmPricing and LlmCostStack resources: budget status from the"
            + " ledger, notifications, routing changes, price catalog sync, pipeline deployment.")
final class OperatorCommand implements Callable<Integer> {
  @Mixin DatabaseOptions database = new DatabaseOptions();

  @Option(
      names = "--kubeconfig",
      defaultValue = "${env:KUBECONFIG}",
      description = "kubeconfig file (default: in-cluster configuration, or ~/.kube/config)")
  Path kubeconfig;

  @Option(
      names = "--operator-namespace",
      defaultValue = "${env:POD_NAMESPACE:-llm-cost-system}",
      description =
          "the operator's namespace: budgets here may select other namespaces (env POD_NAMESPACE,"
              + " default llm-cost-system)")
  String operatorNamespace;

  @Option(
      names = "--http-port",
      defaultValue = "${env:LLMCOST_OPERATOR_HTTP_PORT:-8081}",
      description = "/metrics, /healthz, /readyz and the block endpoint (default 8081)")
  int httpPort;

  @Option(
      names = "--block-endpoint",
      defaultValue = "${env:LLMCOST_BLOCK_ENDPOINT}",
      description =
          "URL routers reach the block endpoint at (default"
              + " http://llm-cost-operator.<operator-namespace>.svc:<http-port>/block)")
  String blockEndpoint;

  @Option(
      names = "--cost-api",
      defaultValue = "${env:LLMCOST_COST_API}",
      description = "base URL of the ingester's cost API, linked from notifications")
  String costApi;

  @Option(
      names = "--resync",
      defaultValue = "${env:LLMCOST_RESYNC:-30s}",
      converter = DurationConverter.class,
      description = "re-evaluate every budget at least this often (default 30s)")
  Duration resync;

  @Option(
      names = "--leader-election",
      negatable = true,
      defaultValue = "true",
      fallbackValue = "true",
      description = "elect a leader through a Lease so several replicas are safe (default: true)")
  boolean leaderElection;

  @Option(
      names = "--migrate",
      negatable = true,
      defaultValue = "true",
      fallbackValue = "true",
      description = "apply schema migrations at start (default: true)")
  boolean migrate;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    KubernetesClient client =
        kubeconfig == null
            ? new KubernetesClientBuilder().build()
            : new KubernetesClientBuilder()
                .withConfig(Config.fromKubeconfig(Files.readString(kubeconfig)))
                .build();
    HikariDataSource ds = database.open(6);
    if (migrate) {
      Migrations.migrate(ds);
    }
    String endpoint =
        blockEndpoint != null
            ? blockEndpoint
            : "http://llm-cost-operator." + operatorNamespace + ".svc:" + httpPort + "/block";
    OperatorRuntime runtime =
        OperatorRuntime.start(
            client,
            ds,
            database.url,
            database.user,
            database.password(),
            new OperatorSettings(
                operatorNamespace,
                httpPort,
                endpoint,
                costApi,
                resync,
                true,
                leaderElection ? OperatorSettings.LeaderElection.standard() : null,
                3,
                Duration.ofSeconds(1),
                Clock.systemUTC()));
    spec.commandLine().getOut().printf("operator running; HTTP :%d%n", runtime.httpPort());
    spec.commandLine().getOut().flush();
    Lifecycle.runUntilShutdown(runtime, ds, client);
    return 0;
  }
}
