package io.llmcost.bench;

import com.zaxxer.hikari.HikariDataSource;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.llmcost.ingester.IngesterConfig;
import io.llmcost.ingester.IngesterServer;
import io.llmcost.ledger.LedgerDatabase;
import io.llmcost.ledger.Migrations;
import io.llmcost.ledger.PriceCatalogStore;
import io.llmcost.model.budget.LlmBudget;
import io.llmcost.reconcilers.OperatorRuntime;
import io.llmcost.reconcilers.OperatorSettings;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Enforcement latency: per trial, the span that crosses a budget's SwapModel threshold is sent; the
 * clock runs from the ingester's acknowledgement until the LlmBudget status and the routing
 * ConfigMap both show the swap, as a watch on the real API server of KUBECONFIG sees them (the
 * operator in this process, server-side apply on), embedded PostgreSQL (durable).
 */
@Command(name = "enforcement", mixinStandardHelpOptions = true)
final class EnforcementBench implements Callable<Integer> {
  @Option(names = "--trials", defaultValue = "100")
  int trials;

  @Option(names = "--crds", defaultValue = "crds", description = "the CRD directory")
  Path crds;

  private static final String CONFIG =
      "model_list:\n  - model_name: chat\n    litellm_params:\n      model: openai/gpt-4o\n";

  @Override
  public Integer call() throws Exception {
    KubernetesClient client = new KubernetesClientBuilder().build();
    BenchCluster.applyCrds(client, crds);
    List<String> namespaces = new ArrayList<>(List.of("llm-cost-system"));
    for (int i = 0; i < trials; i++) {
      namespaces.add("team-" + i);
    }
    BenchCluster.namespaces(client, namespaces);
    // What the watcher (like kubectl --watch) has seen: budgets' utilization and routing texts.
    Map<String, String> utilization = new ConcurrentHashMap<>();
    Map<String, String> routing = new ConcurrentHashMap<>();
    SharedIndexInformer<LlmBudget> budgets =
        client
            .resources(LlmBudget.class)
            .inAnyNamespace()
            .inform(
                BenchCluster.onAddOrUpdate(
                    b ->
                        utilization.put(
                            b.getMetadata().getNamespace(),
                            b.getStatus() == null || b.getStatus().getUtilizationPercent() == null
                                ? ""
                                : b.getStatus().getUtilizationPercent())));
    SharedIndexInformer<ConfigMap> maps =
        client
            .configMaps()
            .inAnyNamespace()
            .inform(
                BenchCluster.onAddOrUpdate(
                    m -> {
                      if (m.getData() != null && m.getData().containsKey("config.yaml")) {
                        routing.put(m.getMetadata().getNamespace(), m.getData().get("config.yaml"));
                      }
                    }));
    try (EmbeddedPostgres pg = BenchPostgres.durable().start()) {
      String url = pg.getJdbcUrl("postgres", "postgres") + "&password=postgres";
      try (HikariDataSource db = LedgerDatabase.pool(url, null, null, 10)) {
        Migrations.migrate(db);
        new PriceCatalogStore(db).apply(IngestBenchmark.catalogs(), "bench");
        try (IngesterServer ingester =
                IngesterServer.start(
                    db, IngesterConfig.builder(0, 0, 0).withBindAddress("127.0.0.1").build());
            OperatorRuntime operator =
                OperatorRuntime.start(
                    client,
                    db,
                    url,
                    null,
                    null,
                    new OperatorSettings(
                        "llm-cost-system",
                        0,
                        "http://127.0.0.1:1/block",
                        null,
                        Duration.ofSeconds(30),
                        true,
                        null,
                        1,
                        Duration.ofMillis(10),
                        Clock.systemUTC()))) {
          List<Long> latencies = new ArrayList<>();
          HttpClient http = HttpClient.newHttpClient();
          for (int i = 0; i < trials; i++) {
            String ns = "team-" + i;
            client
                .resource(
                    new ConfigMapBuilder()
                        .withNewMetadata()
                        .withName("router")
                        .withNamespace(ns)
                        .endMetadata()
                        .addToData("config.yaml", CONFIG)
                        .build())
                .create();
            client
                .resource(
                    client
                        .getKubernetesSerialization()
                        .unmarshal(
                            """
                apiVersion: llmcost.io/v1alpha1
                kind: LlmBudget
                metadata: {name: b, namespace: %s}
                spec:
                  limit: "1.00"
                  period: Monthly
                  thresholds: [{percent: 50, action: SwapModel, swap: {from: gpt-4o, to: gpt-4o-mini}}]
                  routing: {configMapRef: {name: router, key: config.yaml}, format: LiteLLM}
                """
                                .formatted(ns),
                            LlmBudget.class))
                .create();
            waitFor(() -> utilization.containsKey(ns) && !utilization.get(ns).isEmpty());
            byte[] span = crossing(ns);
            HttpResponse<Void> r =
                http.send(
                    HttpRequest.newBuilder(
                            URI.create(
                                "http://127.0.0.1:" + ingester.otlpHttpPort() + "/v1/traces"))
                        .header("Content-Type", "application/x-protobuf")
                        .POST(HttpRequest.BodyPublishers.ofByteArray(span))
                        .build(),
                    HttpResponse.BodyHandlers.discarding());
            long acked = System.nanoTime();
            if (r.statusCode() != 200) {
              throw new IllegalStateException("HTTP " + r.statusCode());
            }
            waitFor(
                () ->
                    "60.00".equals(utilization.get(ns))
                        && routing.get(ns).contains("openai/gpt-4o-mini"));
            latencies.add((System.nanoTime() - acked) / 1_000_000);
          }
          Collections.sort(latencies);
          System.out.printf("enforcement_p50_ms=%d%n", latencies.get(latencies.size() / 2));
          System.out.printf(
              "enforcement_p99_ms=%d%n",
              latencies.get((int) Math.ceil(latencies.size() * 0.99) - 1));
          System.out.printf("enforcement_max_ms=%d%n", latencies.get(latencies.size() - 1));
        }
      }
    } finally {
      budgets.close();
      maps.close();
      client.close();
    }
    return 0;
  }

  /** One gpt-4o call of 240,000 input tokens: $0.60 of the $1.00 budget. */
  private static byte[] crossing(String ns) {
    java.util.Random random = new java.util.Random();
    long start = System.currentTimeMillis() * 1_000_000L;
    return io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest.newBuilder()
        .addResourceSpans(
            io.opentelemetry.proto.trace.v1.ResourceSpans.newBuilder()
                .setResource(
                    io.opentelemetry.proto.resource.v1.Resource.newBuilder()
                        .addAttributes(SpanFactory.kv("k8s.namespace.name", ns)))
                .addScopeSpans(
                    io.opentelemetry.proto.trace.v1.ScopeSpans.newBuilder()
                        .addSpans(
                            io.opentelemetry.proto.trace.v1.Span.newBuilder()
                                .setTraceId(SpanFactory.randomId(random, 16))
                                .setSpanId(SpanFactory.randomId(random, 8))
                                .setStartTimeUnixNano(start)
                                .setEndTimeUnixNano(start + 1_000_000)
                                .addAttributes(SpanFactory.kv("gen_ai.provider.name", "openai"))
                                .addAttributes(SpanFactory.kv("gen_ai.request.model", "gpt-4o"))
                                .addAttributes(
                                    SpanFactory.kv("gen_ai.usage.input_tokens", 240_000L)))))
        .build()
        .toByteArray();
  }

  private interface Check {
    boolean ok() throws Exception;
  }

  private static void waitFor(Check check) throws Exception {
    long deadline = System.nanoTime() + 30_000_000_000L;
    while (!check.ok()) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("timed out");
      }
      Thread.sleep(1);
    }
  }
}
