package io.llmcost.cli.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.zaxxer.hikari.HikariDataSource;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.llmcost.ingester.IngesterConfig;
import io.llmcost.ingester.IngesterServer;
import io.llmcost.ledger.LedgerDatabase;
import io.llmcost.ledger.Migrations;
import io.llmcost.model.budget.LlmBudget;
import io.llmcost.model.budget.LlmBudgetStatus;
import io.llmcost.model.budget.Notification;
import io.llmcost.model.budget.SlackNotification;
import io.llmcost.model.budget.WebhookNotification;
import io.llmcost.model.common.SecretKeyReference;
import io.llmcost.model.pricing.LlmPricing;
import io.llmcost.reconcilers.OperatorRuntime;
import io.llmcost.reconcilers.OperatorSettings;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.exporter.otlp.trace.OtlpGrpcSpanExporter;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * The demo scenario: everything in one process, a budget tripped by real spans, and what the
 * operator did about it, printed as a user would see it with kubectl.
 */
public final class Demo {
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String NS = "search";
  private static final String DEMO_LIMIT = "2.00";

  private final PrintStream out;
  private final int[] ports;
  private final long startedNanos = System.nanoTime();

  /**
   * @param ports OTLP gRPC, OTLP HTTP, cost API, operator HTTP (0: any free port)
   */
  public Demo(PrintStream out, int... ports) {
    this.out = out;
    this.ports = ports;
  }

  /** A running demo, to close when done. */
  public interface Running extends AutoCloseable {
    @Override
    void close() throws Exception;
  }

  public Running run() throws Exception {
    out.println("llm-cost-operator demo: the whole system in one process, no cluster needed");
    out.println();
    step(1, "Starting embedded PostgreSQL 17 (zonky binaries)");
    EmbeddedPostgres pg = EmbeddedPostgres.builder().start();
    String url = pg.getJdbcUrl("postgres", "postgres") + "&password=postgres";
    HikariDataSource db = LedgerDatabase.pool(url, null, null, 10);
    Migrations.migrate(db);
    done("ready, schema migrated");

    step(
        2,
        "Starting the in-process Kubernetes API (fabric8 mock server, CRUD mode) with the 3 CRDs");
    InProcessKubernetes kube = new InProcessKubernetes();
    KubernetesClient client = kube.client();
    done("ready");

    step(3, "Starting the ingester and the operator");
    IngesterServer ingester =
        IngesterServer.start(
            db,
            IngesterConfig.builder(ports[0], ports[1], ports[2])
                .withBindAddress("127.0.0.1")
                .build());
    NotificationReceiver receiver = new NotificationReceiver();
    OperatorRuntime operator = startOperator(client, db, url, ingester);
    done(
        "ingester OTLP gRPC :"
            + ingester.otlpGrpcPort()
            + ", OTLP HTTP :"
            + ingester.otlpHttpPort()
            + ", API http://127.0.0.1:"
            + ingester.httpPort()
            + "; operator http://127.0.0.1:"
            + operator.httpPort()
            + "/metrics");
    Running running =
        () -> {
          operator.close();
          ingester.close();
          receiver.close();
          kube.close();
          db.close();
          pg.close();
        };

    step(4, "Applying examples/ to the API server");
    LlmPricing pricing = apply(client, "examples/pricing/openai.yaml", LlmPricing.class);
    ConfigMap routing = apply(client, "examples/routing/litellm-config.yaml", ConfigMap.class);
    client
        .resource(
            new DeploymentBuilder()
                .withNewMetadata()
                .withName("litellm")
                .withNamespace(NS)
                .endMetadata()
                .withNewSpec()
                .withNewTemplate()
                .withNewMetadata()
                .endMetadata()
                .endTemplate()
                .endSpec()
                .build())
        .create();
    client.resource(secret("slack", "url", receiver.url("/slack/T000/B000/XXXX"))).create();
    client.resource(secret("hook", "secret", "demo-hmac-secret")).create();
    LlmBudget budget =
        YAML.readValue(Resources.text("examples/budgets/search-team.yaml"), LlmBudget.class);
    budget.getSpec().setLimit(DEMO_LIMIT);
    budget.getSpec().setNotifications(notifications(receiver));
    client.resource(budget).create();
    out.println(
        "      pricing/openai.yaml        LlmPricing openai, "
            + pricing.getSpec().getModels().size()
            + " models");
    out.println(
        "      routing/litellm-config.yaml ConfigMap search/litellm-config (LiteLLM proxy config)");
    out.println(
        "      budgets/search-team.yaml   LlmBudget search/search-team (limit lowered from $500 to $"
            + DEMO_LIMIT
            + " for the demo; notifications sent to a local receiver)");
    waitFor(
        () -> {
          LlmPricing p = client.resources(LlmPricing.class).withName("openai").get();
          return p.getStatus() != null && p.getStatus().getModels() != null;
        },
        Duration.ofSeconds(20));
    waitFor(
        () -> ingester.catalogVersion() > 0 && budgetStatus(client) != null,
        Duration.ofSeconds(20));
    out.println(
        "      LlmPricing openai synced into the ledger's catalog; the ingester prices with it");

    step(5, "The chatbot calls alias chat-default through LiteLLM (real OpenTelemetry SDK spans)");
    out.println(
        "      each call resolves chat-default from the routing ConfigMap, as LiteLLM would after a restart");
    out.println();
    out.println("  $ kubectl get llmbudgets -n search --watch");
    out.println("  " + BudgetTable.header());
    String originalText = routing.getData().get("config.yaml");
    Traffic traffic = new Traffic(ingester);
    String lastRow = "";
    String blockedAnswer = null;
    String routedTo = "openai/gpt-4o";
    Instant blockedAt = null;
    for (int call = 1; call <= 120; call++) {
      String text =
          client
              .configMaps()
              .inNamespace(NS)
              .withName("litellm-config")
              .get()
              .getData()
              .get("config.yaml");
      Route route = Route.resolve(text, "chat-default");
      if (!route.model().equals(routedTo) && route.apiBase() == null) {
        out.println("  ↳ call " + call + ": chat-default now routes to " + route.model());
        routedTo = route.model();
      }
      if (route.apiBase() != null) {
        blockedAnswer = traffic.callBlocked(route);
        out.println(
            "  ↳ call "
                + call
                + ": chat-default is blocked; LiteLLM would return "
                + blockedAnswer);
        blockedAt = Instant.now();
        break;
      }
      traffic.chat(route.model().substring(route.model().indexOf('/') + 1));
      String row =
          BudgetTable.row(
              client.resources(LlmBudget.class).inNamespace(NS).withName("search-team").get());
      String withoutAge = row.substring(0, row.lastIndexOf(' '));
      if (!withoutAge.equals(lastRow)) {
        out.println("  " + row);
        lastRow = withoutAge;
      }
      Thread.sleep(150);
    }
    out.println(
        "  "
            + BudgetTable.row(
                client.resources(LlmBudget.class).inNamespace(NS).withName("search-team").get()));
    traffic.close();

    step(6, "What happened");
    out.println("  $ kubectl get events -n search");
    for (Event e : sortedEvents(client)) {
      out.printf("  %-8s %-22s %s%n", e.getType(), e.getReason(), e.getMessage());
    }
    out.println();
    long slack = receiver.received().stream().filter(r -> r.path().startsWith("/slack")).count();
    long hooks = receiver.received().stream().filter(r -> r.path().equals("/hook")).count();
    out.println(
        "  Notifications received: "
            + slack
            + " Slack message(s), "
            + hooks
            + " signed webhook call(s) (one per threshold, once per period)");
    for (NotificationReceiver.Received r : receiver.received()) {
      if (r.path().startsWith("/slack")) {
        out.println("    slack: " + JSON.readTree(r.body()).get("text").asText());
      }
    }
    receiver.received().stream()
        .filter(r -> r.path().equals("/hook"))
        .findFirst()
        .ifPresent(
            r ->
                out.println(
                    "    webhook: X-Signature "
                        + r.signature().substring(0, 20)
                        + "… over "
                        + r.body().length()
                        + " bytes of JSON"));
    out.println();
    String blockedText =
        client
            .configMaps()
            .inNamespace(NS)
            .withName("litellm-config")
            .get()
            .getData()
            .get("config.yaml");
    out.println("  ConfigMap search/litellm-config, key config.yaml (- before, + now):");
    Diff.print(out, originalText, blockedText);
    out.println();
    LlmBudgetStatus status = budgetStatus(client);
    out.println("  Status conditions of search-team:");
    status
        .getConditions()
        .forEach(
            c ->
                out.printf(
                    "    %-22s %-5s %-16s %s%n",
                    c.getType(), c.getStatus(), c.getReason(), c.getMessage()));
    out.println();
    HttpResponse<String> summary =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(
                        URI.create(
                            "http://127.0.0.1:"
                                + ingester.httpPort()
                                + "/api/v1/costs/summary?groupBy=model&namespace=search"))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    out.println("  $ curl '…/api/v1/costs/summary?groupBy=model&namespace=search'");
    JsonNode body = JSON.readTree(summary.body());
    out.println(
        "    total "
            + body.get("total").get("cost").asText()
            + " USD over "
            + body.get("total").get("requests").asLong()
            + " calls");
    for (JsonNode g : body.get("groups")) {
      out.printf(
          "    %-14s %s USD, %d calls%n",
          g.get("key").get("model").asText(), g.get("cost").asText(), g.get("requests").asLong());
    }
    out.println();
    out.println(
        "  $ kubectl patch llmbudget search-team -n search --type merge -p '{\"spec\":{\"limit\":\"50.00\"}}'");
    LlmBudget raised =
        client.resources(LlmBudget.class).inNamespace(NS).withName("search-team").get();
    raised.getSpec().setLimit("50.00");
    client.resource(raised).update();
    Instant patched = Instant.now();
    waitFor(
        () ->
            originalText.equals(
                client
                    .configMaps()
                    .inNamespace(NS)
                    .withName("litellm-config")
                    .get()
                    .getData()
                    .get("config.yaml")),
        Duration.ofSeconds(30));
    out.println(
        "    routing restored "
            + Duration.between(patched, Instant.now()).toMillis()
            + " ms later; config.yaml is byte-for-byte the original again");
    out.println("  " + BudgetTable.header());
    out.println(
        "  "
            + BudgetTable.row(
                client.resources(LlmBudget.class).inNamespace(NS).withName("search-team").get()));
    out.println();
    out.printf("Demo finished in %.1f s.%n", (System.nanoTime() - startedNanos) / 1e9);
    Objects.requireNonNull(blockedAt, "the budget never blocked");
    return running;
  }

  private OperatorRuntime startOperator(
      KubernetesClient client, HikariDataSource db, String url, IngesterServer ingester)
      throws Exception {
    // The block endpoint lives on the operator's own port, which must be known before it starts.
    int port = ports[3];
    if (port == 0) {
      try (java.net.ServerSocket free = new java.net.ServerSocket(0)) {
        port = free.getLocalPort();
      }
    }
    return OperatorRuntime.start(
        client,
        db,
        url,
        null,
        null,
        new OperatorSettings(
            "llm-cost-system",
            port,
            "http://127.0.0.1:" + port + "/block",
            "http://127.0.0.1:" + ingester.httpPort(),
            Duration.ofSeconds(5),
            false,
            null,
            3,
            Duration.ofMillis(200),
            Clock.systemUTC()));
  }

  private static List<Notification> notifications(NotificationReceiver receiver) {
    Notification slack = new Notification();
    SlackNotification s = new SlackNotification();
    SecretKeyReference slackRef = new SecretKeyReference();
    slackRef.setName("slack");
    slackRef.setKey("url");
    s.setWebhookSecretRef(slackRef);
    slack.setSlack(s);
    Notification hook = new Notification();
    WebhookNotification w = new WebhookNotification();
    w.setUrl(receiver.url("/hook"));
    SecretKeyReference hmac = new SecretKeyReference();
    hmac.setName("hook");
    hmac.setKey("secret");
    w.setHmacSecretRef(hmac);
    hook.setWebhook(w);
    return List.of(slack, hook);
  }

  private static io.fabric8.kubernetes.api.model.Secret secret(
      String name, String key, String value) {
    return new SecretBuilder()
        .withNewMetadata()
        .withName(name)
        .withNamespace(NS)
        .endMetadata()
        .addToData(key, Base64.getEncoder().encodeToString(value.getBytes(StandardCharsets.UTF_8)))
        .build();
  }

  private static <T extends HasMetadata> T apply(
      KubernetesClient client, String path, Class<T> type) throws Exception {
    String text = Resources.text(path);
    T object = null;
    for (String doc : text.split("(?m)^---\\s*$")) {
      if (doc.contains("kind:")) {
        object = YAML.readValue(doc, type);
      }
    }
    client.resource(object).create();
    return object;
  }

  private static LlmBudgetStatus budgetStatus(KubernetesClient client) {
    LlmBudget b = client.resources(LlmBudget.class).inNamespace(NS).withName("search-team").get();
    return b == null ? null : b.getStatus();
  }

  private static List<Event> sortedEvents(KubernetesClient client) {
    List<Event> events = new ArrayList<>(client.v1().events().inNamespace(NS).list().getItems());
    events.sort(
        (a, b) ->
            String.valueOf(a.getFirstTimestamp()).compareTo(String.valueOf(b.getFirstTimestamp())));
    return events;
  }

  private void step(int n, String what) {
    out.printf("[%d/6] %s …%n", n, what);
  }

  private void done(String what) {
    out.println("      " + what);
  }

  private interface Check {
    boolean ok() throws Exception;
  }

  private static void waitFor(Check check, Duration atMost) throws Exception {
    Instant deadline = Instant.now().plus(atMost);
    while (!check.ok()) {
      if (Instant.now().isAfter(deadline)) {
        throw new IllegalStateException("the demo timed out waiting after " + atMost);
      }
      Thread.sleep(100);
    }
  }

  /** The chatbot: one OTLP span per call, through the real SDK's gRPC exporter. */
  private static final class Traffic implements AutoCloseable {
    private final SdkTracerProvider provider;
    private final Tracer tracer;
    private final HttpClient http = HttpClient.newHttpClient();

    Traffic(IngesterServer ingester) {
      provider =
          SdkTracerProvider.builder()
              .setResource(
                  Resource.create(
                      Attributes.of(
                          AttributeKey.stringKey("service.name"), "chatbot",
                          AttributeKey.stringKey("k8s.namespace.name"), NS,
                          AttributeKey.stringKey("team"), "search")))
              .addSpanProcessor(
                  SimpleSpanProcessor.create(
                      OtlpGrpcSpanExporter.builder()
                          .setEndpoint("http://127.0.0.1:" + ingester.otlpGrpcPort())
                          .build()))
              .build();
      tracer = provider.get("demo-chatbot");
    }

    void chat(String model) {
      tracer
          .spanBuilder("chat " + model)
          .setAttribute("gen_ai.operation.name", "chat")
          .setAttribute("gen_ai.provider.name", "openai")
          .setAttribute("gen_ai.request.model", model)
          .setAttribute("gen_ai.response.model", model)
          .setAttribute("gen_ai.usage.input_tokens", 60_000L)
          .setAttribute("gen_ai.usage.output_tokens", 4_000L)
          .startSpan()
          .end();
      provider.forceFlush().join(10, TimeUnit.SECONDS);
    }

    String callBlocked(Route route) throws Exception {
      HttpResponse<String> r =
          http.send(
              HttpRequest.newBuilder(URI.create(route.apiBase() + "/chat/completions"))
                  .header("Content-Type", "application/json")
                  .POST(
                      HttpRequest.BodyPublishers.ofString(
                          "{\"model\":\"llmcost-budget-exceeded\",\"messages\":[]}"))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      return "HTTP "
          + r.statusCode()
          + ": "
          + JSON.readTree(r.body()).get("error").get("message").asText();
    }

    @Override
    public void close() {
      provider.shutdown().join(10, TimeUnit.SECONDS);
    }
  }

  /** What LiteLLM would call for an alias, read from its config text. */
  record Route(String model, String apiBase) {
    static Route resolve(String configText, String alias) throws Exception {
      for (JsonNode entry : YAML.readTree(configText).get("model_list")) {
        if (alias.equals(entry.get("model_name").asText())) {
          JsonNode params = entry.get("litellm_params");
          return new Route(
              params.get("model").asText(),
              params.hasNonNull("api_base") ? params.get("api_base").asText() : null);
        }
      }
      throw new IllegalStateException("no route " + alias);
    }
  }
}
