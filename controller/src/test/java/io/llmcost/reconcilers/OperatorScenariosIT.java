package io.llmcost.reconcilers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatusBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.llmcost.budget.Conditions;
import io.llmcost.ledger.PriceCatalogStore;
import io.llmcost.model.budget.LlmBudget;
import io.llmcost.model.pricing.LlmPricing;
import io.llmcost.model.stack.LlmCostStack;
import java.time.Duration;
import okhttp3.mockwebserver.MockResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Operator behaviours beyond the main ladder, on the mock API server with the real ingester. */
class OperatorScenariosIT {
  private TestStack stack;

  @BeforeEach
  void start() throws Exception {
    stack = new TestStack();
  }

  @AfterEach
  void stop() throws Exception {
    stack.close();
  }

  private LlmBudget budget(String ns, String name) {
    return stack.client.resources(LlmBudget.class).inNamespace(ns).withName(name).get();
  }

  private Condition condition(String ns, String name, String type) {
    LlmBudget b = budget(ns, name);
    return b == null || b.getStatus() == null
        ? null
        : Conditions.find(b.getStatus().getConditions(), type);
  }

  private void pricing() {
    stack.apply(TestStack.OPENAI_PRICING, LlmPricing.class);
    await().atMost(Duration.ofSeconds(10)).until(() -> stack.ingester.catalogVersion() > 0);
  }

  private void routingConfigMap(String ns) {
    stack
        .client
        .resource(
            new ConfigMapBuilder()
                .withNewMetadata()
                .withName("litellm-config")
                .withNamespace(ns)
                .endMetadata()
                .addToData("config.yaml", BudgetEnforcementIT.LITELLM)
                .build())
        .create();
  }

  @Test
  void dryRunSaysWhatWouldHappenAndPatchesNothing() {
    pricing();
    routingConfigMap("search");
    stack.apply(
        """
        apiVersion: llmcost.io/v1alpha1
        kind: LlmBudget
        metadata: {name: trial, namespace: search}
        spec:
          limit: "1.00"
          period: Daily
          enforcement: DryRun
          thresholds:
            - {percent: 100, action: Block}
          routing: {configMapRef: {name: litellm-config, key: config.yaml}, format: LiteLLM}
        """,
        LlmBudget.class);
    stack.spend("search", "chatbot", 1.50);
    await()
        .atMost(Duration.ofSeconds(10))
        .until(
            () -> {
              Condition c = condition("search", "trial", Conditions.THRESHOLD_EXCEEDED);
              return c != null && "WouldEnforceBlock".equals(c.getReason());
            });
    assertThat(condition("search", "trial", Conditions.THRESHOLD_EXCEEDED).getMessage())
        .contains("DryRun: nothing is patched");
    assertThat(stack.client.v1().events().inNamespace("search").list().getItems())
        .anyMatch(
            e ->
                "ThresholdReachedDryRun".equals(e.getReason())
                    && e.getMessage().contains("[DryRun: nothing was changed]"));
    assertThat(
            stack
                .client
                .configMaps()
                .inNamespace("search")
                .withName("litellm-config")
                .get()
                .getData()
                .get("config.yaml"))
        .isEqualTo(BudgetEnforcementIT.LITELLM);
  }

  @Test
  void aFailingEndpointIsReportedWithoutHoldingBackRouting() throws Exception {
    pricing();
    routingConfigMap("search");
    try (okhttp3.mockwebserver.MockWebServer hook = new okhttp3.mockwebserver.MockWebServer()) {
      for (int i = 0; i < 20; i++) {
        hook.enqueue(new MockResponse().setResponseCode(503));
      }
      hook.start();
      stack.apply(
          """
          apiVersion: llmcost.io/v1alpha1
          kind: LlmBudget
          metadata: {name: team, namespace: search}
          spec:
            limit: "1.00"
            period: Daily
            thresholds:
              - {percent: 90, action: SwapModel, swap: {from: gpt-4o, to: gpt-4o-mini}}
            routing: {configMapRef: {name: litellm-config, key: config.yaml}, format: LiteLLM}
            notifications:
              - webhook: {url: "%s"}
          """
              .formatted(hook.url("/down")),
          LlmBudget.class);
      stack.spend("search", "chatbot", 0.95);
      await()
          .atMost(Duration.ofSeconds(10))
          .until(
              () -> {
                Condition c = condition("search", "team", Conditions.NOTIFICATIONS_DELIVERED);
                return c != null && "False".equals(c.getStatus());
              });
      assertThat(condition("search", "team", Conditions.NOTIFICATIONS_DELIVERED).getMessage())
          .contains("webhook " + hook.url("/down"))
          .contains("HTTP 503");
      assertThat(
              stack
                  .client
                  .configMaps()
                  .inNamespace("search")
                  .withName("litellm-config")
                  .get()
                  .getData()
                  .get("config.yaml"))
          .contains("model: openai/gpt-4o-mini\n      api_key");
    }
  }

  @Test
  void namespacedBudgetsSeeTheirNamespaceAndPlatformBudgetsSelectOthers() {
    pricing();
    stack.apply(
        """
        apiVersion: llmcost.io/v1alpha1
        kind: LlmBudget
        metadata: {name: mine, namespace: search}
        spec:
          limit: "10"
          period: Monthly
          selector: {namespaces: [support]}   # ignored: only platform budgets select namespaces
        """,
        LlmBudget.class);
    stack.apply(
        """
        apiVersion: llmcost.io/v1alpha1
        kind: LlmBudget
        metadata: {name: platform, namespace: llm-cost-system}
        spec:
          limit: "10"
          period: Monthly
          selector: {namespaces: [search, support]}
        """,
        LlmBudget.class);
    stack.apply(
        """
        apiVersion: llmcost.io/v1alpha1
        kind: LlmBudget
        metadata: {name: chatbot-only, namespace: search}
        spec:
          limit: "10"
          period: Monthly
          selector: {applications: [chatbot]}
        """,
        LlmBudget.class);
    stack.spend("search", "chatbot", 1.00);
    stack.spend("search", "rag", 0.50);
    stack.spend("support", "helpdesk", 2.00);
    stack.spend("other", "x", 4.00);
    await()
        .atMost(Duration.ofSeconds(10))
        .until(
            () ->
                "1.500000000".equals(spent("search", "mine"))
                    && "3.500000000".equals(spent("llm-cost-system", "platform"))
                    && "1.000000000".equals(spent("search", "chatbot-only")));
  }

  private String spent(String ns, String name) {
    LlmBudget b = budget(ns, name);
    return b == null || b.getStatus() == null ? null : b.getStatus().getSpent();
  }

  @Test
  void pricingIsValidatedSyncedAndConflictsAreNamed() throws Exception {
    stack.apply(TestStack.OPENAI_PRICING, LlmPricing.class);
    stack.apply(
        """
        apiVersion: llmcost.io/v1alpha1
        kind: LlmPricing
        metadata: {name: openai-deal}
        spec:
          provider: openai
          models:
            - {name: gpt-4o, input: "2.00", output: "8.00"}
        """,
        LlmPricing.class);
    stack.apply(
        """
        apiVersion: llmcost.io/v1alpha1
        kind: LlmPricing
        metadata: {name: broken}
        spec:
          models:
            - {name: anything, match: "gpt-(4o", input: "1", output: "1"}
        """,
        LlmPricing.class);
    await()
        .atMost(Duration.ofSeconds(10))
        .until(
            () ->
                pricingCondition("broken", Conditions.READY) != null
                    && pricingCondition("openai-deal", Conditions.CONFLICT) != null);
    Condition broken = pricingCondition("broken", Conditions.READY);
    assertThat(broken.getStatus()).isEqualTo("False");
    assertThat(broken.getReason()).isEqualTo("InvalidCatalog");
    assertThat(broken.getMessage()).contains("match is not a valid regular expression");
    Condition conflict = pricingCondition("openai-deal", Conditions.CONFLICT);
    assertThat(conflict.getStatus()).isEqualTo("True");
    assertThat(conflict.getMessage()).contains("gpt-4o (also in openai)");
    assertThat(pricingCondition("openai-deal", Conditions.READY).getStatus()).isEqualTo("True");
    PriceCatalogStore store = new PriceCatalogStore(stack.db);
    assertThat(store.load())
        .extracting(e -> e.name())
        .containsExactlyInAnyOrder("openai", "openai-deal");
  }

  private Condition pricingCondition(String name, String type) {
    LlmPricing p = stack.client.resources(LlmPricing.class).withName(name).get();
    return p == null || p.getStatus() == null
        ? null
        : Conditions.find(p.getStatus().getConditions(), type);
  }

  @Test
  void aStackDeploysItsPipelineWithRestrictedPodsAndTurnsReadyWhenAvailable() {
    LlmCostStack created =
        stack.apply(
            """
        apiVersion: llmcost.io/v1alpha1
        kind: LlmCostStack
        metadata: {name: llm-cost, namespace: llm-cost-system}
        spec:
          ingester: {replicas: 2, retention: 400d}
          database: {managed: {storage: 20Gi}}
        """,
            LlmCostStack.class);
    String ns = "llm-cost-system";
    await()
        .atMost(Duration.ofSeconds(15))
        .until(
            () ->
                stack
                            .client
                            .apps()
                            .deployments()
                            .inNamespace(ns)
                            .withName("llm-cost-ingester")
                            .get()
                        != null
                    && stack
                            .client
                            .apps()
                            .statefulSets()
                            .inNamespace(ns)
                            .withName("llm-cost-postgres")
                            .get()
                        != null);
    Deployment ingester =
        stack.client.apps().deployments().inNamespace(ns).withName("llm-cost-ingester").get();
    var container = ingester.getSpec().getTemplate().getSpec().getContainers().get(0);
    assertThat(container.getSecurityContext().getReadOnlyRootFilesystem()).isTrue();
    assertThat(container.getSecurityContext().getRunAsNonRoot()).isTrue();
    assertThat(container.getSecurityContext().getCapabilities().getDrop()).containsExactly("ALL");
    assertThat(container.getSecurityContext().getSeccompProfile().getType())
        .isEqualTo("RuntimeDefault");
    assertThat(container.getReadinessProbe().getHttpGet().getPath()).isEqualTo("/ready");
    assertThat(container.getEnv())
        .anyMatch(e -> e.getName().equals("LLMCOST_RETENTION") && e.getValue().equals("400d"));
    assertThat(ingester.getMetadata().getOwnerReferences())
        .anyMatch(o -> o.getUid().equals(created.getMetadata().getUid()));
    StatefulSet pg =
        stack.client.apps().statefulSets().inNamespace(ns).withName("llm-cost-postgres").get();
    assertThat(
            pg.getSpec()
                .getVolumeClaimTemplates()
                .get(0)
                .getSpec()
                .getResources()
                .getRequests()
                .get("storage")
                .toString())
        .isEqualTo("20Gi");
    Secret token = stack.client.secrets().inNamespace(ns).withName("llm-cost-ingest-token").get();
    assertThat(token.getData()).containsKey("token");
    Service ingesterService =
        stack.client.services().inNamespace(ns).withName("llm-cost-ingester").get();
    assertThat(ingesterService.getSpec().getPorts())
        .extracting(p -> p.getPort())
        .containsExactly(4317, 4318, 8080);
    // no nodes here: the collector waits for an available ingester
    assertThat(
            stack.client.apps().deployments().inNamespace(ns).withName("llm-cost-collector").get())
        .isNull();
    assertThat(stackReady()).isNotEqualTo("True");

    markAvailable(ns, "llm-cost-ingester", 2);
    await()
        .atMost(Duration.ofSeconds(20))
        .until(
            () ->
                stack
                        .client
                        .apps()
                        .deployments()
                        .inNamespace(ns)
                        .withName("llm-cost-collector")
                        .get()
                    != null);
    assertThat(
            stack
                .client
                .configMaps()
                .inNamespace(ns)
                .withName("llm-cost-collector-config")
                .get()
                .getData()
                .get("collector.yaml"))
        .contains("endpoint: llm-cost-ingester:4317");
    assertThat(
            stack
                .client
                .apps()
                .deployments()
                .inNamespace(ns)
                .withName("llm-cost-collector")
                .get()
                .getSpec()
                .getTemplate()
                .getSpec()
                .getServiceAccountName())
        .isEqualTo("llm-cost-collector");
    assertThat(stack.client.serviceAccounts().inNamespace(ns).withName("llm-cost-collector").get())
        .isNotNull();
    markAvailable(ns, "llm-cost-collector", 1);
    await().atMost(Duration.ofSeconds(20)).until(() -> "True".equals(stackReady()));
    LlmCostStack ready =
        stack.client.resources(LlmCostStack.class).inNamespace(ns).withName("llm-cost").get();
    assertThat(ready.getStatus().getOtlpEndpoint())
        .isEqualTo("llm-cost-collector.llm-cost-system.svc:4317");
    // the token is generated once, not on every reconcile
    assertThat(
            stack
                .client
                .secrets()
                .inNamespace(ns)
                .withName("llm-cost-ingest-token")
                .get()
                .getData())
        .isEqualTo(token.getData());
  }

  private String stackReady() {
    LlmCostStack s =
        stack
            .client
            .resources(LlmCostStack.class)
            .inNamespace("llm-cost-system")
            .withName("llm-cost")
            .get();
    Condition c =
        s == null || s.getStatus() == null
            ? null
            : Conditions.find(s.getStatus().getConditions(), Conditions.READY);
    return c == null ? null : c.getStatus();
  }

  /** No kubelet runs pods here: set what a Deployment's status would say once its pods run. */
  private void markAvailable(String ns, String name, int replicas) {
    Deployment d = stack.client.apps().deployments().inNamespace(ns).withName(name).get();
    d.setStatus(
        new DeploymentStatusBuilder()
            .withReplicas(replicas)
            .withReadyReplicas(replicas)
            .withAvailableReplicas(replicas)
            .withUpdatedReplicas(replicas)
            .build());
    stack.client.apps().deployments().inNamespace(ns).resource(d).updateStatus();
  }

  @Test
  void metricsProbesAndTheBlockEndpoint() throws Exception {
    pricing();
    stack.apply(
        """
        apiVersion: llmcost.io/v1alpha1
        kind: LlmBudget
        metadata: {name: team, namespace: search}
        spec: {limit: "4.00", period: Monthly}
        """,
        LlmBudget.class);
    stack.spend("search", "chatbot", 1.00);
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> "1.000000000".equals(spent("search", "team")));
    java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
    String base = "http://127.0.0.1:" + stack.operator.httpPort();
    await()
        .atMost(Duration.ofSeconds(5))
        .until(
            () ->
                get(http, base + "/metrics")
                    .body()
                    .contains("llm_budget_spent_usd{budget=\"team\",namespace=\"search\"} 1.0"));
    String metrics = get(http, base + "/metrics").body();
    assertThat(metrics)
        .contains("llm_budget_limit_usd{budget=\"team\",namespace=\"search\"} 4.0")
        .contains("llm_budget_utilization_ratio{budget=\"team\",namespace=\"search\"} 0.25")
        .contains("llm_budget_forecast_usd{budget=\"team\",namespace=\"search\"}")
        .contains(
            "llmcost_operator_reconcile_seconds_count{kind=\"LlmBudget\",result=\"success\"}");
    assertThat(get(http, base + "/healthz").statusCode()).isEqualTo(200);
    assertThat(get(http, base + "/readyz").statusCode()).isEqualTo(200);
    var blocked =
        http.send(
            java.net.http.HttpRequest.newBuilder(
                    java.net.URI.create(base + "/block/search/team/chat/completions"))
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString("{}"))
                .build(),
            java.net.http.HttpResponse.BodyHandlers.ofString());
    assertThat(blocked.statusCode()).isEqualTo(429);
    assertThat(blocked.body())
        .contains("\"code\":\"budget_exceeded\"")
        .contains("LLM budget search/team is exceeded (spent $1 of $4.00, 25.00%)");
  }

  private static java.net.http.HttpResponse<String> get(java.net.http.HttpClient http, String url)
      throws Exception {
    return http.send(
        java.net.http.HttpRequest.newBuilder(java.net.URI.create(url)).build(),
        java.net.http.HttpResponse.BodyHandlers.ofString());
  }
}
