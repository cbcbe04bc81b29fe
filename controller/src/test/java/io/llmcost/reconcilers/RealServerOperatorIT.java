package io.llmcost.reconcilers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.zaxxer.hikari.HikariDataSource;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.llmcost.budget.Conditions;
import io.llmcost.ingester.IngesterConfig;
import io.llmcost.ingester.IngesterServer;
import io.llmcost.ledger.LedgerDatabase;
import io.llmcost.ledger.Migrations;
import io.llmcost.ledger.TestDatabase;
import io.llmcost.model.budget.LlmBudget;
import io.llmcost.model.pricing.LlmPricing;
import io.llmcost.model.stack.LlmCostStack;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The operator on a real kube-apiserver + etcd, as the ServiceAccount the Helm chart's RBAC grants
 * (server-side apply on, as in production): spans in, status and routing out, printer columns, an
 * API server restart mid-run, leader election between two instances, and the stack.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RealServerOperatorIT {
  private static RealCluster cluster;
  private static KubernetesClient admin;
  private static KubernetesClient operatorClient;
  private static HikariDataSource db;
  private static String dbUrl;
  private static IngesterServer ingester;

  @BeforeAll
  static void start() throws Exception {
    cluster = RealCluster.get();
    admin = cluster.admin();
    CrdValidationIT.installCrds(admin);
    for (String ns : List.of("search", "llm-cost-system")) {
      admin
          .namespaces()
          .resource(new NamespaceBuilder().withNewMetadata().withName(ns).endMetadata().build())
          .serverSideApply();
    }
    // the chart's RBAC, rendered for the ServiceAccount kube-env.sh made:
    // llm-cost-system/llm-cost-operator
    String helm = RealCluster.script("helm").strip();
    String rbac =
        RealCluster.run(
            cluster.adminKubeconfig(),
            helm,
            "template",
            "llm-cost-operator",
            RealCluster.repo().resolve("helm/llm-cost-operator").toString(),
            "--namespace",
            "llm-cost-system",
            "-s",
            "templates/clusterrole.yaml",
            "-s",
            "templates/role.yaml");
    Path rbacFile = Files.createTempFile("rbac", ".yaml");
    Files.writeString(rbacFile, rbac);
    cluster.kubectl("apply", "--server-side", "-f", rbacFile.toString());
    operatorClient = cluster.operator();

    dbUrl = TestDatabase.freshDatabaseUrl();
    db = LedgerDatabase.pool(dbUrl, null, null, 10);
    Migrations.migrate(db);
    ingester =
        IngesterServer.start(
            db, IngesterConfig.builder(0, 0, 0).withBindAddress("127.0.0.1").build());
  }

  @AfterAll
  static void stop() throws Exception {
    ingester.close();
    db.close();
  }

  private static OperatorRuntime operator(String identity) {
    return OperatorRuntime.start(
        operatorClient,
        db,
        dbUrl,
        null,
        null,
        new OperatorSettings(
            "llm-cost-system",
            0,
            "http://operator.llm-cost-system:8081/block",
            null,
            Duration.ofSeconds(3),
            true,
            new OperatorSettings.LeaderElection(
                identity,
                Duration.ofSeconds(4),
                Duration.ofSeconds(3),
                Duration.ofSeconds(1),
                false),
            2,
            Duration.ofMillis(10),
            Clock.systemUTC()));
  }

  private static void spend(double dollars) {
    TestStack.spendTo(ingester, "search", "chatbot", dollars);
  }

  /** A merge patch of the limit, as `kubectl patch --type merge` does (no resourceVersion). */
  private static void limit(String value) {
    admin
        .resources(LlmBudget.class)
        .inNamespace("search")
        .withName("search-team")
        .patch(PatchContext.of(PatchType.JSON_MERGE), "{\"spec\":{\"limit\":\"" + value + "\"}}");
  }

  private static LlmBudget budget() {
    return admin.resources(LlmBudget.class).inNamespace("search").withName("search-team").get();
  }

  private static String routing() {
    return admin
        .configMaps()
        .inNamespace("search")
        .withName("litellm-config")
        .get()
        .getData()
        .get("config.yaml");
  }

  private static String leaseHolder() {
    var lease =
        admin.leases().inNamespace("llm-cost-system").withName(OperatorRuntime.LEASE_NAME).get();
    return lease == null ? null : lease.getSpec().getHolderIdentity();
  }

  @Test
  @Order(1)
  void spansInStatusAndRoutingOutOnTheRealServer() throws Exception {
    try (OperatorRuntime operator = operator("replica-a")) {
      admin
          .resource(
              admin
                  .getKubernetesSerialization()
                  .unmarshal(TestStack.OPENAI_PRICING, LlmPricing.class))
          .forceConflicts()
          .serverSideApply();
      admin
          .resource(
              new ConfigMapBuilder()
                  .withNewMetadata()
                  .withName("litellm-config")
                  .withNamespace("search")
                  .endMetadata()
                  .addToData("config.yaml", BudgetEnforcementIT.LITELLM)
                  .build())
          .serverSideApply();
      admin
          .resource(
              admin
                  .getKubernetesSerialization()
                  .unmarshal(
                      """
          apiVersion: llmcost.io/v1alpha1
          kind: LlmBudget
          metadata: {name: search-team, namespace: search}
          spec:
            limit: "1.00"
            period: Monthly
            timezone: Europe/Berlin
            thresholds:
              - {percent: 50, action: Notify}
              - {percent: 90, action: SwapModel, swap: {from: gpt-4o, to: gpt-4o-mini}}
            routing: {configMapRef: {name: litellm-config, key: config.yaml}, format: LiteLLM}
          """,
                      LlmBudget.class))
          .serverSideApply();
      await().atMost(Duration.ofSeconds(30)).until(() -> leaseHolder() != null);
      assertThat(leaseHolder()).isEqualTo("replica-a");
      await()
          .atMost(Duration.ofSeconds(30))
          .until(
              () -> {
                LlmPricing p = admin.resources(LlmPricing.class).withName("openai").get();
                return p.getStatus() != null
                    && Integer.valueOf(2).equals(p.getStatus().getModels());
              });
      await().atMost(Duration.ofSeconds(10)).until(() -> ingester.catalogVersion() > 0);
      spend(0.60);
      await()
          .atMost(Duration.ofSeconds(15))
          .until(
              () ->
                  budget().getStatus() != null
                      && "60.00".equals(budget().getStatus().getUtilizationPercent()));
      assertThat(admin.v1().events().inNamespace("search").list().getItems())
          .anyMatch(e -> "ThresholdReached".equals(e.getReason()));
      // the printer columns, as kubectl shows them
      String table = cluster.kubectl("get", "llmbudgets", "-n", "search");
      assertThat(table.lines().findFirst().orElseThrow())
          .matches("NAME\\s+LIMIT\\s+SPENT\\s+USED\\s+FORECAST\\s+ACTION\\s+READY\\s+AGE");
      assertThat(table)
          .containsPattern(
              "search-team\\s+1\\.00\\s+0\\.600000000\\s+60\\.00\\s+\\S+\\s+Notify\\s+True");
      // many quick spec changes: the status ends at the latest generation (conflicts are retried)
      for (int i = 0; i < 8; i++) {
        String limit = i % 2 == 0 ? "2.00" : "1.00";
        limit(limit);
      }
      await()
          .atMost(Duration.ofSeconds(20))
          .until(
              () ->
                  budget()
                          .getStatus()
                          .getObservedGeneration()
                          .equals(budget().getMetadata().getGeneration())
                      && "60.00".equals(budget().getStatus().getUtilizationPercent()));

      // the API server restarts mid-run; the operator recovers and keeps acting
      cluster.restartApiServer();
      spend(0.35);
      await()
          .atMost(Duration.ofSeconds(60))
          .until(
              () -> {
                try {
                  return routing().contains("model: openai/gpt-4o-mini\n      api_key");
                } catch (RuntimeException e) {
                  return false;
                }
              });
      await()
          .atMost(Duration.ofSeconds(20))
          .until(() -> "95.00".equals(budget().getStatus().getUtilizationPercent()));
      assertThat(
              Conditions.find(budget().getStatus().getConditions(), Conditions.THRESHOLD_EXCEEDED)
                  .getReason())
          .isEqualTo("ModelSwapped");
    }
  }

  @Test
  @Order(2)
  void twoInstancesOnlyOneLeadsAndTheOtherTakesOver() throws Exception {
    OperatorRuntime a = operator("replica-a");
    OperatorRuntime b = operator("replica-b");
    try {
      await().atMost(Duration.ofSeconds(30)).until(() -> leaseHolder() != null);
      String first = leaseHolder();
      OperatorRuntime leader = first.equals("replica-a") ? a : b;
      String other = first.equals("replica-a") ? "replica-b" : "replica-a";
      leader.close();
      await().atMost(Duration.ofSeconds(30)).until(() -> other.equals(leaseHolder()));
      // the new leader acts: a limit change is reflected in the status
      limit("10.00");
      await()
          .atMost(Duration.ofSeconds(20))
          .until(() -> "9.50".equals(budget().getStatus().getUtilizationPercent()));
      await()
          .atMost(Duration.ofSeconds(20))
          .until(() -> BudgetEnforcementIT.LITELLM.equals(routing()));
    } finally {
      for (OperatorRuntime r : List.of(a, b)) {
        try {
          r.close();
        } catch (Exception ignored) {
          // already stopped
        }
      }
    }
  }

  @Test
  @Order(3)
  void aStackCreatesItsObjectsWithOwnersAndRollsOnSpecChange() throws Exception {
    try (OperatorRuntime operator = operator("replica-a")) {
      LlmCostStack stack =
          admin
              .resource(
                  admin
                      .getKubernetesSerialization()
                      .unmarshal(
                          """
          apiVersion: llmcost.io/v1alpha1
          kind: LlmCostStack
          metadata: {name: llm-cost, namespace: llm-cost-system}
          spec:
            ingester: {replicas: 1}
            database: {managed: {storage: 5Gi}}
          """,
                          LlmCostStack.class))
              .serverSideApply();
      String ns = "llm-cost-system";
      await()
          .atMost(Duration.ofSeconds(60))
          .until(
              () ->
                  admin.apps().deployments().inNamespace(ns).withName("llm-cost-ingester").get()
                          != null
                      && admin
                              .apps()
                              .statefulSets()
                              .inNamespace(ns)
                              .withName("llm-cost-postgres")
                              .get()
                          != null);
      Deployment ingesterDeployment =
          admin.apps().deployments().inNamespace(ns).withName("llm-cost-ingester").get();
      String uid =
          admin
              .resources(LlmCostStack.class)
              .inNamespace(ns)
              .withName("llm-cost")
              .get()
              .getMetadata()
              .getUid();
      assertThat(ingesterDeployment.getMetadata().getOwnerReferences())
          .as("owner of the ingester Deployment (stack uid %s)", uid)
          .anyMatch(o -> o.getUid().equals(uid) && o.getKind().equals("LlmCostStack"));
      assertThat(
              ingesterDeployment
                  .getSpec()
                  .getTemplate()
                  .getSpec()
                  .getContainers()
                  .get(0)
                  .getSecurityContext()
                  .getReadOnlyRootFilesystem())
          .isTrue();
      assertThat(admin.services().inNamespace(ns).withName("llm-cost-postgres").get()).isNotNull();
      // no kubelet: report the ingester available, as a node would
      markAvailable(ns, "llm-cost-ingester", 1);
      await()
          .atMost(Duration.ofSeconds(60))
          .until(
              () ->
                  admin.apps().deployments().inNamespace(ns).withName("llm-cost-collector").get()
                          != null
                      && admin
                              .configMaps()
                              .inNamespace(ns)
                              .withName("llm-cost-collector-config")
                              .get()
                          != null);
      // a spec change rolls the ingester Deployment
      LlmCostStack changed =
          admin.resources(LlmCostStack.class).inNamespace(ns).withName("llm-cost").get();
      changed.getSpec().getIngester().setReplicas(3);
      admin.resource(changed).update();
      await()
          .atMost(Duration.ofSeconds(60))
          .until(
              () ->
                  Integer.valueOf(3)
                      .equals(
                          admin
                              .apps()
                              .deployments()
                              .inNamespace(ns)
                              .withName("llm-cost-ingester")
                              .get()
                              .getSpec()
                              .getReplicas()));
    }
  }

  private static void markAvailable(String ns, String name, int replicas) {
    Deployment d = admin.apps().deployments().inNamespace(ns).withName(name).get();
    d.setStatus(
        new DeploymentStatusBuilder()
            .withReplicas(replicas)
            .withReadyReplicas(replicas)
            .withAvailableReplicas(replicas)
            .withUpdatedReplicas(replicas)
            .withObservedGeneration(d.getMetadata().getGeneration())
            .build());
    admin.apps().deployments().inNamespace(ns).resource(d).updateStatus();
  }
}
