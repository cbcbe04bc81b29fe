package io.llmcost.reconcilers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.zaxxer.hikari.HikariDataSource;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.llmcost.actions.Notifier;
import io.llmcost.budget.Conditions;
import io.llmcost.ingester.IngesterServer;
import io.llmcost.ledger.BudgetLedger;
import io.llmcost.model.budget.LlmBudget;
import io.llmcost.model.pricing.LlmPricing;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.concurrent.TimeUnit;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Spans in, status and routing out: the real ingester and the operator on the fabric8 mock API
 * server (CRUD mode, SSA off as it answers 415 to it) over embedded PostgreSQL, driven by the real
 * OpenTelemetry SDK. A $1.00 monthly budget on gpt-4o: Notify at 50%, SwapModel at 90%, Block at
 * 100%, restored when the limit is raised and when the month rolls over.
 */
class BudgetEnforcementIT {
  static final String LITELLM =
      """
      # LiteLLM proxy config
      model_list:
        - model_name: chat-default
          litellm_params:
            model: openai/gpt-4o
            api_key: os.environ/OPENAI_API_KEY
        - model_name: chat-cheap
          litellm_params:
            model: openai/gpt-4o-mini
      litellm_settings:
        drop_params: true
      """;

  private TestStack stack;
  private KubernetesClient client;
  private IngesterServer ingester;
  private HikariDataSource db;
  private okhttp3.mockwebserver.MockWebServer webhook;

  @BeforeEach
  void start() throws Exception {
    stack = new TestStack();
    client = stack.client;
    ingester = stack.ingester;
    db = stack.db;
    webhook = new okhttp3.mockwebserver.MockWebServer();
    webhook.start();
  }

  @AfterEach
  void stop() throws Exception {
    stack.close();
    webhook.shutdown();
  }

  private void spend(double dollars) {
    stack.spend("search", "chatbot", dollars);
  }

  private LlmBudget budget() {
    return client.resources(LlmBudget.class).inNamespace("search").withName("search-team").get();
  }

  private String routing() {
    return client
        .configMaps()
        .inNamespace("search")
        .withName("litellm-config")
        .get()
        .getData()
        .get("config.yaml");
  }

  private void openAiPricing() {
    client
        .resource(
            client
                .getKubernetesSerialization()
                .unmarshal(
                    """
            apiVersion: llmcost.io/v1alpha1
            kind: LlmPricing
            metadata: {name: openai}
            spec:
              provider: openai
              models:
                - {name: gpt-4o, input: "2.50", output: "10.00"}
                - {name: gpt-4o-mini, input: "0.15", output: "0.60"}
            """,
                    LlmPricing.class))
        .create();
    await()
        .atMost(Duration.ofSeconds(10))
        .until(
            () -> {
              LlmPricing p = client.resources(LlmPricing.class).withName("openai").get();
              return p.getStatus() != null && Integer.valueOf(2).equals(p.getStatus().getModels());
            });
    await().atMost(Duration.ofSeconds(5)).until(() -> ingester.catalogVersion() > 0);
  }

  private void routingConfigMap() {
    client
        .resource(
            new ConfigMapBuilder()
                .withNewMetadata()
                .withName("litellm-config")
                .withNamespace("search")
                .endMetadata()
                .addToData("config.yaml", LITELLM)
                .build())
        .create();
  }

  @Test
  void deletingABudgetRestoresItsRoutingAndOnlyBudgetsThatRouteHoldAFinalizer() {
    openAiPricing();
    routingConfigMap();
    for (String yaml :
        new String[] {
          """
          apiVersion: llmcost.io/v1alpha1
          kind: LlmBudget
          metadata: {name: search-team, namespace: search}
          spec:
            limit: "1.00"
            period: Monthly
            thresholds: [{percent: 50, action: SwapModel, swap: {from: gpt-4o, to: gpt-4o-mini}}]
            routing: {configMapRef: {name: litellm-config, key: config.yaml}}
          """,
          """
          apiVersion: llmcost.io/v1alpha1
          kind: LlmBudget
          metadata: {name: watch-only, namespace: search}
          spec:
            limit: "1.00"
            period: Monthly
            thresholds: [{percent: 50, action: Notify}]
          """
        }) {
      client
          .resource(client.getKubernetesSerialization().unmarshal(yaml, LlmBudget.class))
          .create();
    }
    spend(0.60);
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> routing().contains("model: openai/gpt-4o-mini\n      api_key"));
    LlmBudget watchOnly =
        client.resources(LlmBudget.class).inNamespace("search").withName("watch-only").get();
    await()
        .atMost(Duration.ofSeconds(5))
        .until(
            () ->
                "60.00"
                    .equals(
                        client
                            .resources(LlmBudget.class)
                            .inNamespace("search")
                            .withName("watch-only")
                            .get()
                            .getStatus()
                            .getUtilizationPercent()));
    assertThat(budget().getFinalizers()).containsExactly(LlmBudgetReconciler.FINALIZER);
    assertThat(watchOnly.getFinalizers()).isEmpty();

    // the finalizer holds the budget until its swap is taken back
    client.resource(budget()).delete();
    await().atMost(Duration.ofSeconds(10)).until(() -> budget() == null);
    assertThat(routing()).isEqualTo(LITELLM);
    assertThat(client.v1().events().inNamespace("search").list().getItems())
        .anyMatch(e -> "Restored".equals(e.getReason()));
  }

  @Test
  void theLadderNotifiesSwapsBlocksAndRestores() throws Exception {
    openAiPricing();
    client
        .resource(
            new SecretBuilder()
                .withNewMetadata()
                .withName("hook")
                .withNamespace("search")
                .endMetadata()
                .addToData(
                    "secret", java.util.Base64.getEncoder().encodeToString("s3cret".getBytes()))
                .build())
        .create();
    routingConfigMap();
    client
        .resource(
            new DeploymentBuilder()
                .withNewMetadata()
                .withName("litellm")
                .withNamespace("search")
                .endMetadata()
                .withNewSpec()
                .withNewTemplate()
                .withNewMetadata()
                .endMetadata()
                .endTemplate()
                .endSpec()
                .build())
        .create();
    for (int i = 0; i < 10; i++) {
      webhook.enqueue(new MockResponse().setResponseCode(200));
    }
    client
        .resource(
            client
                .getKubernetesSerialization()
                .unmarshal(
                    """
            apiVersion: llmcost.io/v1alpha1
            kind: LlmBudget
            metadata: {name: search-team, namespace: search}
            spec:
              limit: "1.00"
              period: Monthly
              selector: {models: ["gpt-4o*"]}
              enforcement: Enforce
              thresholds:
                - {percent: 50, action: Notify}
                - {percent: 90, action: SwapModel, swap: {from: gpt-4o, to: gpt-4o-mini}}
                - {percent: 100, action: Block}
              routing:
                configMapRef: {name: litellm-config, key: config.yaml}
                format: LiteLLM
                restartDeployment: litellm
              notifications:
                - webhook: {url: "%s", hmacSecretRef: {name: hook, key: secret}}
            """
                        .formatted(webhook.url("/budget")),
                    LlmBudget.class))
        .create();
    await().atMost(Duration.ofSeconds(10)).until(() -> budget().getStatus() != null);
    assertThat(budget().getStatus().getSpent()).isEqualTo("0.000000000");

    // 50%: notified once (webhook signed, Event), routing untouched
    spend(0.50);
    await()
        .atMost(Duration.ofSeconds(5))
        .until(() -> "50.00".equals(budget().getStatus().getUtilizationPercent()));
    RecordedRequest hook = webhook.takeRequest(5, TimeUnit.SECONDS);
    assertThat(hook).isNotNull();
    String body = hook.getBody().readUtf8();
    assertThat(hook.getHeader("X-Signature")).isEqualTo(Notifier.signature("s3cret", body));
    assertThat(body).contains("\"percent\":50").contains("\"budget\":\"search-team\"");
    assertThat(routing()).isEqualTo(LITELLM);
    assertThat(client.v1().events().inNamespace("search").list().getItems())
        .anyMatch(
            e ->
                "ThresholdReached".equals(e.getReason()) && e.getMessage().contains("reached 50%"));
    assertThat(
            Conditions.find(
                    budget().getStatus().getConditions(), Conditions.NOTIFICATIONS_DELIVERED)
                .getStatus())
        .isEqualTo("True");

    // 92%: gpt-4o is swapped for gpt-4o-mini and the router restarted
    spend(0.42);
    await()
        .atMost(Duration.ofSeconds(5))
        .until(() -> routing().contains("model: openai/gpt-4o-mini\n      api_key"));
    assertThat(routing()).contains("# LiteLLM proxy config").contains("drop_params: true");
    assertThat(
            client
                .apps()
                .deployments()
                .inNamespace("search")
                .withName("litellm")
                .get()
                .getSpec()
                .getTemplate()
                .getMetadata()
                .getAnnotations())
        .containsKey(BudgetEngine.RESTART_ANNOTATION);
    await()
        .atMost(Duration.ofSeconds(5))
        .until(
            () ->
                "ModelSwapped"
                    .equals(
                        Conditions.find(
                                budget().getStatus().getConditions(), Conditions.THRESHOLD_EXCEEDED)
                            .getReason()));

    // a person reverts the swap by hand (and edits something else): the swap is re-applied, their
    // unrelated edit stays
    String swapped = routing();
    client
        .configMaps()
        .inNamespace("search")
        .withName("litellm-config")
        .edit(
            cm -> {
              cm.getData()
                  .put("config.yaml", LITELLM.replace("drop_params: true", "drop_params: false"));
              return cm;
            });
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> routing().contains("model: openai/gpt-4o-mini\n      api_key"));
    assertThat(routing()).isEqualTo(swapped.replace("drop_params: true", "drop_params: false"));
    assertThat(client.v1().events().inNamespace("search").list().getItems())
        .anyMatch(e -> "RoutingReapplied".equals(e.getReason()));

    // 100%: blocked
    spend(0.10);
    await()
        .atMost(Duration.ofSeconds(5))
        .until(() -> routing().contains(io.llmcost.actions.RoutingPlanner.BLOCKED_MODEL));
    assertThat(routing()).contains("api_base: " + stack.blockEndpoint() + "/search/search-team");
    await()
        .atMost(Duration.ofSeconds(5))
        .until(() -> budget().getStatus().getActiveThreshold().getPercent() == 100);

    // the limit is raised: utilization falls to 10.2%, routing is restored exactly (with the
    // person's unrelated edit)
    LlmBudget raised = budget();
    raised.getSpec().setLimit("10.00");
    client.resource(raised).update();
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> LITELLM.replace("drop_params: true", "drop_params: false").equals(routing()));
    ConfigMap restored = client.configMaps().inNamespace("search").withName("litellm-config").get();
    // (a real API server deletes the annotation on the merge patch's null; the mock keeps a null)
    assertThat(
            restored.getMetadata().getAnnotations() == null
                ? null
                : restored
                    .getMetadata()
                    .getAnnotations()
                    .get("llmcost.io/routing-state.config.yaml"))
        .isNull();

    // each threshold notified once per period, also across an operator restart
    int notifications = webhook.getRequestCount();
    assertThat(notifications).isEqualTo(3); // 50, 90, 100
    Instant periodStart =
        ZonedDateTime.now(ZoneOffset.UTC)
            .withDayOfMonth(1)
            .toLocalDate()
            .atStartOfDay(ZoneOffset.UTC)
            .toInstant();
    assertThat(new BudgetLedger(db).succeeded("search", "search-team", periodStart, "Notify"))
        .isEqualTo(6); // event + webhook × 3
    stack.operator.close();
    LlmBudget lowered = budget();
    lowered.getSpec().setLimit("1.00");
    client.resource(lowered).update();
    stack.operator = stack.startOperator();
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> routing().contains(io.llmcost.actions.RoutingPlanner.BLOCKED_MODEL));
    Thread.sleep(500);
    assertThat(webhook.getRequestCount()).isEqualTo(notifications);

    // the month rolls over: spend starts at zero and routing is restored
    stack.clock.advance(Duration.ofDays(32));
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> LITELLM.replace("drop_params: true", "drop_params: false").equals(routing()));
    await()
        .atMost(Duration.ofSeconds(5))
        .until(() -> "0.000000000".equals(budget().getStatus().getSpent()));
    assertThat(budget().getStatus().getActiveThreshold()).isNull();
  }
}
