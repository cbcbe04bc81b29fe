package io.llmcost.reconcilers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.llmcost.ingester.IngesterConfig;
import io.llmcost.ingester.IngesterServer;
import io.llmcost.model.budget.LlmBudget;
import io.llmcost.model.pricing.LlmPricing;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import okhttp3.mockwebserver.Dispatcher;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The product against tools no one here wrote: a real LiteLLM proxy (PyPI) routed by the operator,
 * and a real LangChain app instrumented by OpenLLMetry sending through a real OpenTelemetry
 * Collector built from this repository's builder config. Both call a mock OpenAI backend that
 * records which model each request asked for.
 */
class EndToEndIT {
  private static final Pattern MODEL = Pattern.compile("\"model\"\\s*:\\s*\"([^\"]+)\"");
  private static final String MASTER_KEY = "sk-llmcost-e2e-master-key-0123456789";

  private TestStack stack;
  private MockWebServer openai;
  private final List<String> modelsAsked = new CopyOnWriteArrayList<>();
  private Process litellm;
  private Process collector;
  private Path work;

  @BeforeEach
  void start() throws Exception {
    stack = new TestStack();
    work = Files.createTempDirectory("e2e");
    openai = new MockWebServer();
    openai.setDispatcher(
        new Dispatcher() {
          @Override
          public MockResponse dispatch(RecordedRequest request) {
            String body = request.getBody().readUtf8();
            Matcher m = MODEL.matcher(body);
            String model = m.find() ? m.group(1) : "unknown";
            modelsAsked.add(model);
            return new MockResponse()
                .setHeader("Content-Type", "application/json")
                .setBody(
                    """
                    {"id":"chatcmpl-e2e","object":"chat.completion","created":1764158400,"model":"%s",
                     "choices":[{"index":0,"message":{"role":"assistant","content":"About a nano-dollar."},"finish_reason":"stop"}],
                     "usage":{"prompt_tokens":1200,"completion_tokens":300,"total_tokens":1500,
                              "prompt_tokens_details":{"cached_tokens":1000}}}
                    """
                        .formatted(model));
          }
        });
    openai.start();
  }

  @AfterEach
  void stop() throws Exception {
    for (Process p : new Process[] {litellm, collector}) {
      if (p != null) {
        p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    }
    openai.shutdown();
    stack.close();
  }

  private static int freePort() throws Exception {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  private static String python() {
    return RealCluster.script0("python-env.sh").strip();
  }

  // ---------------------------------------------------------------- LiteLLM routed by the operator

  private int litellmPort;

  private void startLitellm(String config) throws Exception {
    if (litellm != null) {
      litellm.destroy();
      litellm.waitFor(20, TimeUnit.SECONDS);
    }
    Path file = work.resolve("litellm-config.yaml");
    Files.writeString(file, config);
    ProcessBuilder pb =
        new ProcessBuilder(
                python() + "/litellm",
                "--config",
                file.toString(),
                "--port",
                String.valueOf(litellmPort))
            .redirectErrorStream(true)
            .redirectOutput(work.resolve("litellm.log").toFile());
    pb.environment().put("LITELLM_MASTER_KEY", MASTER_KEY);
    litellm = pb.start();
    await()
        .atMost(Duration.ofSeconds(90))
        .pollInterval(Duration.ofMillis(500))
        .until(
            () -> {
              try {
                return get("http://127.0.0.1:" + litellmPort + "/health/liveliness").statusCode()
                    == 200;
              } catch (Exception e) {
                return false;
              }
            });
  }

  private static HttpResponse<String> get(String url) throws Exception {
    return HttpClient.newHttpClient()
        .send(
            HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<String> chat() throws Exception {
    return HttpClient.newHttpClient()
        .send(
            HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + litellmPort + "/v1/chat/completions"))
                .header("Authorization", "Bearer " + MASTER_KEY)
                .header("Content-Type", "application/json")
                .POST(
                    HttpRequest.BodyPublishers.ofString(
                        "{\"model\":\"chat-default\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}"))
                .timeout(Duration.ofSeconds(60))
                .build(),
            HttpResponse.BodyHandlers.ofString());
  }

  private String configMapText() {
    return stack
        .client
        .configMaps()
        .inNamespace("search")
        .withName("litellm-config")
        .get()
        .getData()
        .get("config.yaml");
  }

  private String revision() {
    var annotations =
        stack
            .client
            .apps()
            .deployments()
            .inNamespace("search")
            .withName("litellm")
            .get()
            .getSpec()
            .getTemplate()
            .getMetadata()
            .getAnnotations();
    return annotations == null ? null : annotations.get(BudgetEngine.RESTART_ANNOTATION);
  }

  /** What the kubelet would do after the operator bumps the pod template: restart the proxy. */
  private void restartWhenTheTemplateChanges(String before) throws Exception {
    await()
        .atMost(Duration.ofSeconds(20))
        .until(() -> revision() != null && !revision().equals(before));
    startLitellm(configMapText());
  }

  @Test
  void liteLlmRoutesToTheCheaperModelThenBlocksThenRestoresAtTheRollover() throws Exception {
    litellmPort = freePort();
    String config =
        """
        # LiteLLM proxy config, managed in git; the operator patches it when budgets trip
        model_list:
          - model_name: chat-default
            litellm_params:
              model: openai/gpt-4o
              api_base: %s
              api_key: sk-test
        litellm_settings:
          drop_params: true
        """
            .formatted(openai.url("/v1").toString());
    stack.apply(TestStack.OPENAI_PRICING, LlmPricing.class);
    stack
        .client
        .resource(
            new ConfigMapBuilder()
                .withNewMetadata()
                .withName("litellm-config")
                .withNamespace("search")
                .endMetadata()
                .addToData("config.yaml", config)
                .build())
        .create();
    stack
        .client
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
    stack.apply(
        """
        apiVersion: llmcost.io/v1alpha1
        kind: LlmBudget
        metadata: {name: chat, namespace: search}
        spec:
          limit: "1.00"
          period: Monthly
          thresholds:
            - {percent: 50, action: SwapModel, swap: {from: gpt-4o, to: gpt-4o-mini}}
            - {percent: 100, action: Block}
          routing:
            configMapRef: {name: litellm-config, key: config.yaml}
            format: LiteLLM
            restartDeployment: litellm
        """,
        LlmBudget.class);
    await().atMost(Duration.ofSeconds(10)).until(() -> stack.ingester.catalogVersion() > 0);
    startLitellm(configMapText());

    assertThat(chat().statusCode()).isEqualTo(200);
    assertThat(modelsAsked).last().isEqualTo("gpt-4o");

    String revision = revision();
    stack.spend("search", "chatbot", 0.60);
    restartWhenTheTemplateChanges(revision);
    assertThat(chat().statusCode()).isEqualTo(200);
    assertThat(modelsAsked).last().isEqualTo("gpt-4o-mini");

    revision = revision();
    stack.spend("search", "chatbot", 0.50);
    restartWhenTheTemplateChanges(revision);
    int asked = modelsAsked.size();
    HttpResponse<String> blocked = chat();
    assertThat(blocked.statusCode()).isEqualTo(429);
    assertThat(blocked.body()).contains("LLM budget search/chat is exceeded");
    assertThat(modelsAsked).hasSize(asked); // the paid backend was not reached

    revision = revision();
    stack.clock.advance(Duration.ofDays(32));
    restartWhenTheTemplateChanges(revision);
    assertThat(configMapText()).isEqualTo(config);
    assertThat(chat().statusCode()).isEqualTo(200);
    assertThat(modelsAsked).last().isEqualTo("gpt-4o");
  }

  // ------------------------------------------- LangChain → real Collector → ingester

  @Test
  void langChainSpansThroughTheRealCollectorArePricedAndNothingAcceptedIsLost() throws Exception {
    String otelcol = RealCluster.script0("otelcol/build.sh").strip();
    int grpc = freePort();
    int http = freePort();
    int api = freePort();
    int otlpHttp = freePort();
    int otlpGrpc = freePort();
    int health = freePort();
    String token = "e2e-ingest-token";
    IngesterConfig config =
        IngesterConfig.builder(grpc, http, api)
            .withBindAddress("127.0.0.1")
            .withAuthToken(token, false)
            .build();
    IngesterServer ingester = IngesterServer.start(stack.db, config);
    stack.apply(TestStack.OPENAI_PRICING, LlmPricing.class);
    await().atMost(Duration.ofSeconds(10)).until(() -> ingester.catalogVersion() > 0);

    String production =
        Files.readString(RealCluster.repo().resolve("collector-config/collector.yaml"));
    Path validated = work.resolve("collector-production.yaml");
    Files.writeString(
        validated, production.replace("${INGESTER_ENDPOINT}", "llm-cost-ingester:4317"));
    assertThat(
            run(
                Map.of("LLMCOST_AUTH_TOKEN", token),
                otelcol,
                "validate",
                "--config",
                validated.toString()))
        .isEmpty();

    // outside a cluster: k8sattributes in passthrough mode, loopback ports, a temporary queue
    // directory
    String local =
        production
            .replace("${INGESTER_ENDPOINT}", "127.0.0.1:" + grpc)
            .replace("0.0.0.0:4317", "127.0.0.1:" + otlpGrpc)
            .replace("0.0.0.0:4318", "127.0.0.1:" + otlpHttp)
            .replace("0.0.0.0:13133", "127.0.0.1:" + health)
            .replace("/var/lib/otelcol/queue", work.resolve("queue").toString())
            .replace("  k8sattributes:\n", "  k8sattributes:\n    passthrough: true\n");
    Path localConfig = work.resolve("collector.yaml");
    Files.writeString(localConfig, local);
    ProcessBuilder pb =
        new ProcessBuilder(otelcol, "--config", localConfig.toString())
            .redirectErrorStream(true)
            .redirectOutput(work.resolve("otelcol.log").toFile());
    pb.environment().put("LLMCOST_AUTH_TOKEN", token);
    collector = pb.start();
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () -> {
              try {
                return get("http://127.0.0.1:" + health + "/").statusCode() == 200;
              } catch (Exception e) {
                return false;
              }
            });

    String answer = langchain(otlpHttp);
    assertThat(answer).contains("About a nano-dollar.");
    await().atMost(Duration.ofSeconds(20)).until(() -> count("langchain-app") == 1);
    String row =
        query(
            "SELECT model || ' ' || provider || ' ' || input_tokens || ' ' || cache_read_tokens || ' ' || output_tokens"
                + " || ' ' || cost || ' ' || namespace || ' ' || unpriced FROM llm_calls WHERE application = 'langchain-app'");
    // 200 uncached × 2.50 + 1000 cached × 2.50 (no cacheRead price) + 300 × 10.00, per 1M
    assertThat(row).isEqualTo("gpt-4o openai 1200 1000 300 0.006000000 search false");
    assertThat(modelsAsked).contains("gpt-4o");

    // the ingester goes away for a while: the Collector keeps what it accepted and delivers it
    // later
    ingester.close();
    assertThat(langchain(otlpHttp)).contains("About a nano-dollar.");
    Thread.sleep(3000);
    IngesterServer again = IngesterServer.start(stack.db, config);
    try {
      await().atMost(Duration.ofSeconds(60)).until(() -> count("langchain-app") == 2);
    } finally {
      again.close();
    }
  }

  private String langchain(int otlpHttp) throws Exception {
    return run(
        Map.of(
            "OTLP_ENDPOINT",
            "http://127.0.0.1:" + otlpHttp,
            "OPENAI_BASE_URL",
            openai.url("/v1").toString()),
        python() + "/python",
        RealCluster.repo().resolve("e2e/langchain_app.py").toString());
  }

  private long count(String app) throws Exception {
    return Long.parseLong(
        query("SELECT count(*) FROM llm_calls WHERE application = '" + app + "'"));
  }

  private String query(String sql) throws Exception {
    try (var c = stack.db.getConnection();
        var s = c.createStatement();
        var rs = s.executeQuery(sql)) {
      return rs.next() ? rs.getString(1) : null;
    }
  }

  private static String run(Map<String, String> env, String... command) throws Exception {
    ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
    pb.environment().putAll(env);
    Process p = pb.start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(String.join(" ", command) + "\n" + out).isZero();
    return out;
  }
}
