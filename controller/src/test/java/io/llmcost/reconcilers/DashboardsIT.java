package io.llmcost.reconcilers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.llmcost.ingester.IngesterConfig;
import io.llmcost.ingester.IngesterServer;
import io.llmcost.model.budget.LlmBudget;
import io.llmcost.model.pricing.LlmPricing;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every dashboard in dashboards/ against a real Prometheus (Debian's package) scraping the ingester
 * and the operator during a scenario: each panel query, its variables substituted, returns data.
 */
class DashboardsIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  private static List<Path> dashboards() throws Exception {
    try (Stream<Path> files = Files.list(RealCluster.repo().resolve("dashboards"))) {
      return files.filter(p -> p.toString().endsWith(".json")).sorted().toList();
    }
  }

  @Test
  void dashboardsAreWellFormed() throws Exception {
    assertThat(dashboards()).hasSizeGreaterThanOrEqualTo(3);
    for (Path file : dashboards()) {
      JsonNode d = JSON.readTree(file.toFile());
      assertThat(d.get("schemaVersion").asInt())
          .as(file + " schemaVersion")
          .isGreaterThanOrEqualTo(36);
      assertThat(d.get("uid").asText()).isNotBlank();
      Set<String> variables = new HashSet<>();
      d.at("/templating/list").forEach(v -> variables.add(v.get("name").asText()));
      assertThat(variables)
          .as(file + " variables")
          .contains("datasource", "namespace", "application");
      Set<Integer> ids = new HashSet<>();
      for (JsonNode panel : d.get("panels")) {
        assertThat(ids.add(panel.get("id").asInt()))
            .as(file + " panel id " + panel.get("id") + " unique")
            .isTrue();
        assertThat(panel.at("/datasource/uid").asText())
            .as(file + " panel " + panel.get("title"))
            .isEqualTo("${datasource}");
        for (JsonNode target : panel.get("targets")) {
          assertThat(target.at("/datasource/uid").asText()).isEqualTo("${datasource}");
          assertThat(target.get("expr").asText()).isNotBlank();
        }
      }
    }
  }

  @Test
  void everyPanelQueryReturnsDataFromARealPrometheus() throws Exception {
    try (TestStack stack = new TestStack()) {
      int apiPort;
      try (ServerSocket s = new ServerSocket(0)) {
        apiPort = s.getLocalPort();
      }
      IngesterServer ingester =
          IngesterServer.start(
              stack.db,
              IngesterConfig.builder(0, 0, apiPort)
                  .withBindAddress("127.0.0.1")
                  .withMetricsUserLabel(true)
                  .build());
      Process prometheus = null;
      try {
        int promPort;
        try (ServerSocket s = new ServerSocket(0)) {
          promPort = s.getLocalPort();
        }
        Path dir = Files.createTempDirectory("prometheus");
        Path config = dir.resolve("prometheus.yml");
        Files.writeString(
            config,
            """
            global: {scrape_interval: 1s, evaluation_interval: 1s}
            scrape_configs:
              - job_name: llm-cost-ingester
                static_configs: [{targets: ["127.0.0.1:%d"]}]
              - job_name: llm-cost-operator
                static_configs: [{targets: ["127.0.0.1:%d"]}]
            """
                .formatted(apiPort, stack.operatorPort));
        prometheus =
            new ProcessBuilder(
                    "prometheus",
                    "--config.file=" + config,
                    "--storage.tsdb.path=" + dir.resolve("data"),
                    "--web.listen-address=127.0.0.1:" + promPort)
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("prometheus.log").toFile())
                .start();
        String prom = "http://127.0.0.1:" + promPort;
        await()
            .atMost(Duration.ofSeconds(30))
            .until(
                () -> {
                  try {
                    return HTTP.send(
                                HttpRequest.newBuilder(URI.create(prom + "/-/ready")).build(),
                                HttpResponse.BodyHandlers.ofString())
                            .statusCode()
                        == 200;
                  } catch (Exception e) {
                    return false;
                  }
                });

        // the scenario: priced and unpriced calls, a budget with a threshold in force
        stack.apply(TestStack.OPENAI_PRICING, LlmPricing.class);
        await().atMost(Duration.ofSeconds(10)).until(() -> ingester.catalogVersion() > 0);
        stack.apply(
            """
            apiVersion: llmcost.io/v1alpha1
            kind: LlmBudget
            metadata: {name: team, namespace: search}
            spec:
              limit: "1.00"
              period: Monthly
              thresholds: [{percent: 50, action: Notify}]
            """,
            LlmBudget.class);
        for (int i = 0; i < 6; i++) {
          TestStack.spendTo(ingester, "search", "chatbot", 0.15);
          Thread.sleep(700);
        }
        TestStack.spendTo(ingester, "search", "rag", 0.05);
        unpriced(ingester);
        Thread.sleep(4000);

        List<String> empty = new ArrayList<>();
        for (Path file : dashboards()) {
          for (JsonNode panel : JSON.readTree(file.toFile()).get("panels")) {
            for (JsonNode target : panel.get("targets")) {
              String expr =
                  target
                      .get("expr")
                      .asText()
                      .replace("$namespace", ".*")
                      .replace("$application", ".*")
                      .replace("$__rate_interval", "1m")
                      .replace("$__range", "10m");
              JsonNode answer = query(prom, expr);
              assertThat(answer.get("status").asText()).as(expr).isEqualTo("success");
              if (answer.at("/data/result").isEmpty()) {
                empty.add(file.getFileName() + " / " + panel.get("title").asText() + ": " + expr);
              }
            }
          }
        }
        assertThat(empty).as("panels without data").isEmpty();
        // and the variables' own queries
        assertThat(query(prom, "count by (namespace) (llm_requests_total)").at("/data/result"))
            .isNotEmpty();
        assertThat(
                query(prom, "count by (application) (llm_requests_total{namespace=\"search\"})")
                    .at("/data/result"))
            .hasSize(2);
      } finally {
        if (prometheus != null) {
          prometheus.destroy();
          prometheus.waitFor(10, TimeUnit.SECONDS);
        }
        ingester.close();
      }
    }
  }

  private static JsonNode query(String prom, String expr) throws Exception {
    HttpResponse<String> r =
        HTTP.send(
            HttpRequest.newBuilder(
                    URI.create(
                        prom
                            + "/api/v1/query?query="
                            + URLEncoder.encode(expr, StandardCharsets.UTF_8)))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    return JSON.readTree(r.body());
  }

  /** A call to a model no catalog prices, sent through OTLP/HTTP JSON. */
  private static void unpriced(IngesterServer ingester) throws Exception {
    long start = System.currentTimeMillis() * 1_000_000L;
    String body =
        """
        {"resourceSpans":[{"resource":{"attributes":[
            {"key":"service.name","value":{"stringValue":"chatbot"}},
            {"key":"k8s.namespace.name","value":{"stringValue":"search"}}]},
          "scopeSpans":[{"spans":[{"traceId":"0af7651916cd43dd8448eb211c80319c","spanId":"b7ad6b7169203331",
            "name":"chat","startTimeUnixNano":"%d","endTimeUnixNano":"%d",
            "attributes":[{"key":"gen_ai.request.model","value":{"stringValue":"mystery-model"}},
              {"key":"gen_ai.usage.input_tokens","value":{"intValue":"10"}}]},
            {"traceId":"0af7651916cd43dd8448eb211c80319d","spanId":"b7ad6b7169203332",
            "name":"chat","startTimeUnixNano":"%d","endTimeUnixNano":"%d",
            "attributes":[{"key":"gen_ai.request.model","value":{"stringValue":"gpt-4o"}},
              {"key":"gen_ai.usage.input_tokens","value":{"intValue":"-4"}}]}]}]}]}
        """
            .formatted(start, start + 1_000_000, start, start + 1_000_000);
    HttpResponse<String> r =
        HTTP.send(
            HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + ingester.otlpHttpPort() + "/v1/traces"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.body()).contains("rejectedSpans");
  }
}
