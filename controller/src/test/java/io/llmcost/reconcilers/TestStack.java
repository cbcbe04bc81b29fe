package io.llmcost.reconcilers;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.llmcost.ingester.IngesterConfig;
import io.llmcost.ingester.IngesterServer;
import io.llmcost.ledger.LedgerDatabase;
import io.llmcost.ledger.Migrations;
import io.llmcost.ledger.TestDatabase;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.concurrent.TimeUnit;

/**
 * The fabric8 mock API server (CRUD mode, with the CRDs), embedded PostgreSQL, the real ingester
 * and the operator, for scenario ITs.
 */
final class TestStack implements AutoCloseable {
  final KubernetesMockServer kube;
  final KubernetesClient client;
  final HikariDataSource db;
  final String dbUrl;
  final IngesterServer ingester;
  final MutableClock clock = new MutableClock();

  /** The operator's HTTP port, fixed so the block endpoint routers call is known in advance. */
  final int operatorPort;

  OperatorRuntime operator;

  TestStack() throws Exception {
    kube =
        new KubernetesMockServer(
            new Context(),
            new MockWebServer(),
            new HashMap<>(),
            new KubernetesCrudDispatcher(),
            false);
    kube.init();
    client = kube.createClient();
    for (String crd : new String[] {"llmbudgets", "llmpricings", "llmcoststacks"}) {
      try (InputStream in = Files.newInputStream(Path.of("..", "crds", crd + ".llmcost.io.yaml"))) {
        client
            .apiextensions()
            .v1()
            .customResourceDefinitions()
            .resource(
                client.getKubernetesSerialization().unmarshal(in, CustomResourceDefinition.class))
            .create();
      }
    }
    dbUrl = TestDatabase.freshDatabaseUrl();
    db = LedgerDatabase.pool(dbUrl, null, null, 8);
    Migrations.migrate(db);
    ingester =
        IngesterServer.start(
            db, IngesterConfig.builder(0, 0, 0).withBindAddress("127.0.0.1").build());
    try (java.net.ServerSocket free = new java.net.ServerSocket(0)) {
      operatorPort = free.getLocalPort();
    }
    operator = startOperator();
  }

  String blockEndpoint() {
    return "http://127.0.0.1:" + operatorPort + "/block";
  }

  OperatorRuntime startOperator() {
    return OperatorRuntime.start(
        client,
        db,
        dbUrl,
        null,
        null,
        new OperatorSettings(
            "llm-cost-system",
            operatorPort,
            blockEndpoint(),
            null,
            Duration.ofSeconds(2),
            false,
            null,
            2,
            Duration.ofMillis(10),
            clock));
  }

  /** Applies a YAML object. */
  <T extends io.fabric8.kubernetes.api.model.HasMetadata> T apply(String yaml, Class<T> type) {
    return client.resource(client.getKubernetesSerialization().unmarshal(yaml, type)).create();
  }

  /**
   * One gpt-4o call from app {@code app} in {@code namespace} costing {@code dollars} (input at
   * $2.50/1M).
   */
  void spend(String namespace, String app, double dollars) {
    spendTo(ingester, namespace, app, dollars);
  }

  static void spendTo(IngesterServer ingester, String namespace, String app, double dollars) {
    OtlpHttpSpanExporter exporter =
        OtlpHttpSpanExporter.builder()
            .setEndpoint("http://127.0.0.1:" + ingester.otlpHttpPort() + "/v1/traces")
            .build();
    SdkTracerProvider provider =
        SdkTracerProvider.builder()
            .setResource(
                Resource.create(
                    Attributes.of(
                        AttributeKey.stringKey("service.name"), app,
                        AttributeKey.stringKey("k8s.namespace.name"), namespace)))
            .addSpanProcessor(SimpleSpanProcessor.create(exporter))
            .build();
    provider
        .get("test")
        .spanBuilder("chat")
        .setAttribute("gen_ai.provider.name", "openai")
        .setAttribute("gen_ai.request.model", "gpt-4o")
        .setAttribute("gen_ai.usage.input_tokens", Math.round(dollars * 400_000))
        .setAttribute("gen_ai.usage.output_tokens", 0L)
        .startSpan()
        .end();
    assertThat(provider.forceFlush().join(10, TimeUnit.SECONDS).isSuccess()).isTrue();
    provider.shutdown().join(10, TimeUnit.SECONDS);
  }

  static final String OPENAI_PRICING =
      """
      apiVersion: llmcost.io/v1alpha1
      kind: LlmPricing
      metadata: {name: openai}
      spec:
        provider: openai
        models:
          - {name: gpt-4o, input: "2.50", output: "10.00"}
          - {name: gpt-4o-mini, input: "0.15", output: "0.60"}
      """;

  @Override
  public void close() throws Exception {
    operator.close();
    ingester.close();
    db.close();
    client.close();
    kube.destroy();
  }
}
