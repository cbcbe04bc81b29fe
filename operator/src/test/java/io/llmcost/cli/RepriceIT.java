package io.llmcost.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import com.zaxxer.hikari.HikariDataSource;
import io.llmcost.ingester.IngesterConfig;
import io.llmcost.ingester.IngesterServer;
import io.llmcost.ledger.LedgerDatabase;
import io.llmcost.ledger.TestDatabase;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;

/**
 * A catalog correction, then `pricing reprice`: stored costs and rollups follow, outside rows
 * don't.
 */
class RepriceIT {
  private static final String V1 =
      """
      apiVersion: llmcost.io/v1alpha1
      kind: LlmPricing
      metadata: {name: openai}
      spec:
        provider: openai
        models:
          - {name: gpt-4o, input: "2.50", output: "10.00"}
      """;
  private static final String V2 =
      """
      apiVersion: llmcost.io/v1alpha1
      kind: LlmPricing
      metadata: {name: openai}
      spec:
        provider: openai
        models:
          - {name: gpt-4o, input: "2.00", output: "10.00"}
          - {name: gpt-4o-mini, input: "0.15", output: "0.60"}
      """;

  private static Span call(String model, String start) {
    byte[] trace = new byte[16];
    byte[] span = new byte[8];
    ThreadLocalRandom.current().nextBytes(trace);
    ThreadLocalRandom.current().nextBytes(span);
    trace[0] |= 1;
    span[0] |= 1;
    Instant t = Instant.parse(start);
    long nanos = t.getEpochSecond() * 1_000_000_000L;
    return Span.newBuilder()
        .setTraceId(ByteString.copyFrom(trace))
        .setSpanId(ByteString.copyFrom(span))
        .setName("chat")
        .setStartTimeUnixNano(nanos)
        .setEndTimeUnixNano(nanos + 1_000_000_000L)
        .addAttributes(kv("gen_ai.provider.name", AnyValue.newBuilder().setStringValue("openai")))
        .addAttributes(kv("gen_ai.request.model", AnyValue.newBuilder().setStringValue(model)))
        .addAttributes(
            kv("gen_ai.usage.input_tokens", AnyValue.newBuilder().setIntValue(1_000_000)))
        .build();
  }

  private static KeyValue kv(String key, AnyValue.Builder value) {
    return KeyValue.newBuilder().setKey(key).setValue(value).build();
  }

  private static String query(HikariDataSource db, String sql) throws Exception {
    try (Connection c = db.getConnection();
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      return rs.next() ? rs.getString(1) : null;
    }
  }

  @Test
  void repriceRecomputesStoredCostsAndRollupsInTheRangeOnly() throws Exception {
    String url = TestDatabase.freshDatabaseUrl();
    Path dir = Files.createTempDirectory("reprice");
    Files.writeString(dir.resolve("v1.yaml"), V1);
    Files.writeString(dir.resolve("v2.yaml"), V2);
    assertThat(
            Cli.run("pricing", "apply", "-f", dir.resolve("v1.yaml").toString(), "--db-url", url)
                .exitCode())
        .isZero();

    try (HikariDataSource db = LedgerDatabase.pool(url, null, null, 6)) {
      try (IngesterServer ingester =
          IngesterServer.start(
              db, IngesterConfig.builder(0, 0, 0).withBindAddress("127.0.0.1").build())) {
        ExportTraceServiceRequest export =
            ExportTraceServiceRequest.newBuilder()
                .addResourceSpans(
                    ResourceSpans.newBuilder()
                        .setResource(
                            Resource.newBuilder()
                                .addAttributes(
                                    kv(
                                        "k8s.namespace.name",
                                        AnyValue.newBuilder().setStringValue("team"))))
                        .addScopeSpans(
                            ScopeSpans.newBuilder()
                                .addSpans(call("gpt-4o", "2026-11-20T10:05:00Z"))
                                .addSpans(call("gpt-4o", "2026-11-20T10:20:00Z"))
                                .addSpans(call("gpt-4o-mini", "2026-11-20T10:30:00Z"))
                                .addSpans(call("gpt-4o", "2026-11-21T09:00:00Z"))))
                .build();
        HttpResponse<String> response =
            HttpClient.newHttpClient()
                .send(
                    HttpRequest.newBuilder(
                            URI.create(
                                "http://127.0.0.1:" + ingester.otlpHttpPort() + "/v1/traces"))
                        .header("Content-Type", "application/x-protobuf")
                        .POST(HttpRequest.BodyPublishers.ofByteArray(export.toByteArray()))
                        .build(),
                    HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
      }
      assertThat(
              query(
                  db, "SELECT sum(cost) || ' ' || sum(unpriced_requests) FROM llm_cost_rollup_15m"))
          .isEqualTo("7.500000000 1");

      assertThat(
              Cli.run("pricing", "apply", "-f", dir.resolve("v2.yaml").toString(), "--db-url", url)
                  .exitCode())
          .isZero();
      Cli repriced =
          Cli.run(
              "pricing",
              "reprice",
              "--from",
              "2026-11-20T00:00:00Z",
              "--to",
              "2026-11-21T00:00:00Z",
              "--db-url",
              url);
      assertThat(repriced.exitCode()).as(repriced.err()).isZero();
      assertThat(repriced.out())
          .contains("repriced 3 call(s)")
          .contains("3 changed, 0 still unpriced; cost 5.000000000 -> 4.150000000 USD");

      assertThat(
              query(
                  db,
                  "SELECT string_agg(model || '=' || cost || '/' || unpriced || '/' || coalesce(price_catalog, '-'),"
                      + " ' ' ORDER BY start_time) FROM llm_calls"))
          .isEqualTo(
              "gpt-4o=2.000000000/false/openai gpt-4o=2.000000000/false/openai"
                  + " gpt-4o-mini=0.150000000/false/openai gpt-4o=2.500000000/false/openai");
      assertThat(
              query(
                  db,
                  "SELECT string_agg(bucket_start::date || ':' || cost || ':' || unpriced_requests, ' ' ORDER BY bucket_start)"
                      + " FROM (SELECT bucket_start, sum(cost) AS cost, sum(unpriced_requests) AS unpriced_requests"
                      + " FROM llm_cost_rollup_15m GROUP BY bucket_start) b"))
          .isEqualTo(
              "2026-11-20:2.000000000:0 2026-11-20:2.000000000:0 2026-11-20:0.150000000:0 2026-11-21:2.500000000:0");
    }

    Cli backwards =
        Cli.run(
            "pricing",
            "reprice",
            "--from",
            "2026-11-21T00:00:00Z",
            "--to",
            "2026-11-20T00:00:00Z",
            "--db-url",
            url);
    assertThat(backwards.exitCode()).isEqualTo(2);
    assertThat(backwards.err()).contains("--from must be before --to");
  }
}
