package io.llmcost.reconcilers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.zaxxer.hikari.HikariDataSource;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.llmcost.ledger.LedgerDatabase;
import io.llmcost.ledger.Migrations;
import io.llmcost.ledger.TestDatabase;
import io.llmcost.model.budget.LlmBudget;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The Helm chart, with helm built from Go modules, against the real API server: lint, template
 * applied with server-side dry-run, install, the operator doing its job as the chart's
 * ServiceAccount, and what that account may and may not do.
 */
class HelmChartIT {
  private static final String NS = "helm-test";
  private static final String RELEASE = "llm-cost";
  private static final String SA = "llm-cost-llm-cost-operator";
  private static RealCluster cluster;
  private static KubernetesClient admin;
  private static String helm;
  private static String chart;

  @BeforeAll
  static void start() throws Exception {
    cluster = RealCluster.get();
    admin = cluster.admin();
    CrdValidationIT.installCrds(admin);
    helm = RealCluster.script("helm").strip();
    chart = RealCluster.repo().resolve("helm/llm-cost-operator").toString();
    admin
        .namespaces()
        .resource(new NamespaceBuilder().withNewMetadata().withName(NS).endMetadata().build())
        .serverSideApply();
  }

  private static String helm(String... args) {
    return RealCluster.run(cluster.adminKubeconfig(), helm, args);
  }

  @Test
  void lintTemplateInstallAndTheOperatorWorksUnderTheChartsAccount() throws Exception {
    assertThat(helm("lint", chart, "--strict")).contains("0 chart(s) failed");
    // the values schema refuses a bad value with its reason
    try {
      helm("template", RELEASE, chart, "--set", "replicas=0");
      throw new AssertionError("replicas=0 was accepted");
    } catch (IllegalStateException e) {
      assertThat(e.getMessage()).contains("replicas").contains("minimum");
    }

    String rendered =
        helm(
            "template",
            RELEASE,
            chart,
            "--namespace",
            NS,
            "--set",
            "grafanaDashboards.enabled=true");
    Path file = Files.createTempFile("chart", ".yaml");
    Files.writeString(file, rendered);
    String dryRun =
        cluster.kubectl(
            "apply", "--dry-run=server", "--server-side", "-n", NS, "-f", file.toString());
    assertThat(dryRun)
        .contains("deployment.apps/" + SA + " serverside-applied (server dry run)")
        .contains("clusterrole.rbac.authorization.k8s.io/" + SA)
        .contains("networkpolicy.networking.k8s.io/" + SA)
        .contains("configmap/" + SA + "-llm-budgets");

    admin
        .resource(
            new SecretBuilder()
                .withNewMetadata()
                .withName("llm-cost-db")
                .withNamespace(NS)
                .endMetadata()
                .addToStringData("url", "jdbc:postgresql://db:5432/llmcost")
                .build())
        .serverSideApply();
    String installed = helm("install", RELEASE, chart, "--namespace", NS);
    assertThat(installed)
        .contains("STATUS: deployed")
        .contains("llm-cost-operator 0.1.0 is installed in " + NS);
    assertThat(
            admin
                .apps()
                .deployments()
                .inNamespace(NS)
                .withName(SA)
                .get()
                .getSpec()
                .getTemplate()
                .getSpec()
                .getServiceAccountName())
        .isEqualTo(SA);

    // what the chart's account may and may not do
    Map<String, Boolean> matrix = new LinkedHashMap<>();
    matrix.put("patch llmbudgets.llmcost.io/status -n search", true);
    matrix.put("list llmpricings.llmcost.io", true);
    matrix.put("patch configmaps -n search", true);
    matrix.put("get secrets -n search", true);
    matrix.put("create secrets -n " + NS, true);
    matrix.put("create secrets -n search", false);
    matrix.put("update leases.coordination.k8s.io -n " + NS, true);
    matrix.put("update leases.coordination.k8s.io -n default", false);
    matrix.put("create deployments.apps -n search", true);
    matrix.put("create events -n search", true);
    matrix.put("create pods -n search", false);
    matrix.put("delete namespaces", false);
    matrix.put("create clusterrolebindings.rbac.authorization.k8s.io", false);
    matrix.put("delete llmbudgets.llmcost.io -n search", false);
    matrix.put("create serviceaccounts -n " + NS, true);
    matrix.put("create serviceaccounts -n search", false);
    for (Map.Entry<String, Boolean> check : matrix.entrySet()) {
      String answer = canI(check.getKey());
      assertThat(answer).as("can-i " + check.getKey()).isEqualTo(check.getValue() ? "yes" : "no");
    }

    // the stack's collector may read what k8sattributes needs, and nothing secret
    assertThat(canI("list pods", "llm-cost-collector")).isEqualTo("yes");
    assertThat(canI("watch replicasets.apps", "llm-cost-collector")).isEqualTo("yes");
    assertThat(canI("get secrets -n " + NS, "llm-cost-collector")).isEqualTo("no");

    // the operator, running as that account, does its job
    String token = cluster.kubectl("-n", NS, "create", "token", SA, "--duration", "1h").strip();
    Path kubeconfig = Files.createTempFile("chart-sa", ".kubeconfig");
    Files.writeString(
        kubeconfig,
        Files.readString(cluster.operatorKubeconfig()).replaceAll("token: .*", "token: " + token));
    String dbUrl = TestDatabase.freshDatabaseUrl();
    try (HikariDataSource db = LedgerDatabase.pool(dbUrl, null, null, 6);
        KubernetesClient client = RealCluster.client(kubeconfig)) {
      Migrations.migrate(db);
      admin
          .namespaces()
          .resource(
              new NamespaceBuilder().withNewMetadata().withName("helm-team").endMetadata().build())
          .serverSideApply();
      try (OperatorRuntime operator =
          OperatorRuntime.start(
              client,
              db,
              dbUrl,
              null,
              null,
              new OperatorSettings(
                  NS,
                  0,
                  "http://x/block",
                  null,
                  Duration.ofSeconds(3),
                  true,
                  new OperatorSettings.LeaderElection(
                      "chart-sa",
                      Duration.ofSeconds(4),
                      Duration.ofSeconds(3),
                      Duration.ofSeconds(1),
                      false),
                  1,
                  Duration.ofMillis(10),
                  Clock.systemUTC()))) {
        admin
            .resource(
                admin
                    .getKubernetesSerialization()
                    .unmarshal(
                        """
            apiVersion: llmcost.io/v1alpha1
            kind: LlmBudget
            metadata: {name: chart-budget, namespace: helm-team}
            spec: {limit: "5.00", period: Weekly}
            """,
                        LlmBudget.class))
            .serverSideApply();
        await()
            .atMost(Duration.ofSeconds(40))
            .until(
                () -> {
                  LlmBudget b =
                      admin
                          .resources(LlmBudget.class)
                          .inNamespace("helm-team")
                          .withName("chart-budget")
                          .get();
                  return b.getStatus() != null && "0.000000000".equals(b.getStatus().getSpent());
                });
        assertThat(
                admin
                    .leases()
                    .inNamespace(NS)
                    .withName(OperatorRuntime.LEASE_NAME)
                    .get()
                    .getSpec()
                    .getHolderIdentity())
            .isEqualTo("chart-sa");
      }
    }
    assertThat(helm("uninstall", RELEASE, "--namespace", NS)).contains("uninstalled");
  }

  private static String canI(String check) {
    return canI(check, SA);
  }

  private static String canI(String check, String serviceAccount) {
    String[] parts = check.split(" ");
    String[] args = new String[parts.length + 3];
    args[0] = "auth";
    args[1] = "can-i";
    System.arraycopy(parts, 0, args, 2, parts.length);
    args[args.length - 1] = "--as=system:serviceaccount:" + NS + ":" + serviceAccount;
    String out;
    try {
      out = cluster.kubectl(args);
    } catch (IllegalStateException e) {
      out = e.getMessage(); // kubectl auth can-i exits 1 for "no"
    }
    // kubectl may add warnings (e.g. a cluster-scoped resource asked with -n); keep the answer
    return out.lines()
        .map(String::strip)
        .filter(l -> l.equals("yes") || l.equals("no"))
        .findFirst()
        .orElse(out);
  }
}
