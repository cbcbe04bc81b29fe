package io.llmcost.api;

import static io.llmcost.ingest.OtlpSpans.attr;
import static io.llmcost.ingest.OtlpSpans.chat;
import static io.llmcost.ingest.OtlpSpans.request;
import static io.llmcost.ingest.OtlpSpans.span;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SpecVersion;
import io.llmcost.ingester.TestIngester;
import io.opentelemetry.proto.common.v1.KeyValue;
import java.io.StringReader;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import okhttp3.Response;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The cost API, /metrics and /openapi.json after real traffic, checked against the ledger rows.
 *
 * <p>Traffic on 2026-11-20 (UTC): namespace a, app chat: gpt-4o 1000/500 by u1 at 10:05 (0.0075),
 * gpt-4o-mini 2000/1000 by u2 at 10:20 (0.0009); namespace b, app rag: gpt-4o 4000/1000 by u1 at
 * 11:40 (0.02), an unknown model at 11:50 (unpriced); and one non-LLM span.
 */
class CostApiIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static TestIngester ingester;

  @BeforeAll
  static void traffic() throws Exception {
    ingester = TestIngester.start(c -> c);
    send(
        List.of(attr("k8s.namespace.name", "a"), attr("service.name", "chat")),
        chat(Instant.parse("2026-11-20T10:05:00Z"), "gpt-4o", 1000, 500)
            .addAttributes(attr("enduser.id", "u1")),
        chat(Instant.parse("2026-11-20T10:20:00Z"), "gpt-4o-mini", 2000, 1000)
            .addAttributes(attr("enduser.id", "u2")),
        span(Instant.parse("2026-11-20T10:21:00Z"), attr("db.system", "postgresql")));
    send(
        List.of(attr("k8s.namespace.name", "b"), attr("service.name", "rag")),
        chat(Instant.parse("2026-11-20T11:40:00Z"), "gpt-4o", 4000, 1000)
            .addAttributes(attr("enduser.id", "u1")),
        chat(Instant.parse("2026-11-20T11:50:00Z"), "mystery-model", 10, 10));
  }

  @AfterAll
  static void stop() throws Exception {
    ingester.close();
  }

  private static void send(
      List<KeyValue> resource, io.opentelemetry.proto.trace.v1.Span.Builder... spans)
      throws Exception {
    try (Response r = ingester.postOtlp(request(resource, spans))) {
      assertThat(r.code()).isEqualTo(200);
    }
  }

  private static JsonNode summary(String query) throws Exception {
    TestIngester.HttpResult r = ingester.get("/api/v1/costs/summary?" + query);
    assertThat(r.status()).as(r.body()).isEqualTo(200);
    return JSON.readTree(r.body());
  }

  @Test
  void summaryGroupedByModelFromTheRollups() throws Exception {
    JsonNode s = summary("from=2026-11-20T10:00:00Z&to=2026-11-20T12:00:00Z&groupBy=model");
    assertThat(s.get("currency").asText()).isEqualTo("USD");
    assertThat(s.get("source").asText()).isEqualTo("rollups");
    assertThat(s.get("from").asText()).isEqualTo("2026-11-20T10:00:00Z");
    JsonNode total = s.get("total");
    assertThat(total.get("cost").asText()).isEqualTo("0.028400000");
    assertThat(total.get("requests").asLong()).isEqualTo(4);
    assertThat(total.get("inputTokens").asLong()).isEqualTo(7010);
    assertThat(total.get("outputTokens").asLong()).isEqualTo(2510);
    assertThat(total.get("unpricedRequests").asLong()).isEqualTo(1);
    JsonNode groups = s.get("groups");
    assertThat(groups).hasSize(3);
    assertThat(groups.get(0).get("key").get("model").asText()).isEqualTo("gpt-4o");
    assertThat(groups.get(0).get("cost").asText()).isEqualTo("0.027500000");
    assertThat(groups.get(0).get("requests").asLong()).isEqualTo(2);
    assertThat(groups.get(1).get("key").get("model").asText()).isEqualTo("gpt-4o-mini");
    // the unknown model is reported, with its unpriced count, never silently free
    assertThat(groups.get(2).get("key").get("model").asText()).isEqualTo("mystery-model");
    assertThat(groups.get(2).get("unpricedRequests").asLong()).isEqualTo(1);
  }

  @Test
  void unalignedRangesAreAnsweredFromTheLedger() throws Exception {
    JsonNode s = summary("from=2026-11-20T10:10:00Z&to=2026-11-20T12:00:00Z");
    assertThat(s.get("source").asText()).isEqualTo("ledger");
    assertThat(s.get("total").get("requests").asLong()).isEqualTo(3); // 10:05 is outside
    assertThat(s.get("total").get("cost").asText()).isEqualTo("0.020900000");
    assertThat(s.get("groups")).isEmpty();
  }

  @Test
  void filtersAndSeveralGroupings() throws Exception {
    JsonNode b = summary("from=2026-11-20&to=2026-11-21&namespace=b");
    assertThat(b.get("total").get("requests").asLong()).isEqualTo(2);
    assertThat(b.get("total").get("cost").asText()).isEqualTo("0.020000000");

    JsonNode byUser = summary("from=2026-11-20&to=2026-11-21&groupBy=namespace,user&model=gpt-4o");
    Map<String, String> costs = new TreeMap<>();
    for (JsonNode g : byUser.get("groups")) {
      costs.put(
          g.get("key").get("namespace").asText() + "/" + g.get("key").get("user").asText(),
          g.get("cost").asText());
    }
    assertThat(costs)
        .containsExactly(Map.entry("a/u1", "0.007500000"), Map.entry("b/u1", "0.020000000"));
  }

  @Test
  void rollupsAndLedgerAgreeForEveryGrouping() throws Exception {
    for (String groupBy :
        List.of("model", "namespace", "application", "user", "provider", "model,user")) {
      JsonNode rollups =
          summary("from=2026-11-20T00:00:00Z&to=2026-11-21T00:00:00Z&groupBy=" + groupBy);
      JsonNode ledger =
          summary("from=2026-11-20T00:00:00.000001Z&to=2026-11-21T00:00:00Z&groupBy=" + groupBy);
      assertThat(rollups.get("source").asText()).isEqualTo("rollups");
      assertThat(ledger.get("source").asText()).isEqualTo("ledger");
      assertThat(ledger.get("groups")).isEqualTo(rollups.get("groups"));
      assertThat(ledger.get("total")).isEqualTo(rollups.get("total"));
    }
  }

  @Test
  void badParametersAreNamed() throws Exception {
    Map<String, String> cases =
        Map.of(
            "from=yesterday",
            "from",
            "to=2026-13-01",
            "to",
            "from=2026-11-21&to=2026-11-20",
            "from",
            "groupBy=colour",
            "groupBy",
            "groupBy=model,model",
            "groupBy",
            "modle=gpt-4o",
            "modle",
            "provider=a%00b",
            "provider",
            "namespace=" + "n".repeat(300),
            "namespace");
    for (Map.Entry<String, String> c : cases.entrySet()) {
      TestIngester.HttpResult r = ingester.get("/api/v1/costs/summary?" + c.getKey());
      assertThat(r.status()).as(c.getKey()).isEqualTo(400);
      JsonNode error = JSON.readTree(r.body()).get("error");
      assertThat(error.get("parameter").asText()).as(c.getKey()).isEqualTo(c.getValue());
      assertThat(error.get("message").asText()).isNotBlank();
    }
    assertThat(ingester.get("/api/v1/costs/export.csv?from=nope").status()).isEqualTo(400);
    assertThat(ingester.get("/api/v1/costs/nothing").status()).isEqualTo(404);
  }

  @Test
  void exportStreamsOneCsvRowPerCall() throws Exception {
    TestIngester.HttpResult r =
        ingester.get("/api/v1/costs/export.csv?from=2026-11-20&to=2026-11-21");
    assertThat(r.status()).isEqualTo(200);
    assertThat(r.contentType()).startsWith("text/csv");
    List<CSVRecord> rows =
        CSVFormat.DEFAULT
            .builder()
            .setHeader()
            .setSkipHeaderRecord(true)
            .get()
            .parse(new StringReader(r.body()))
            .getRecords();
    assertThat(rows).hasSize(4);
    assertThat(rows.get(0).get("start_time")).isEqualTo("2026-11-20T10:05:00Z");
    assertThat(rows.get(0).get("cost")).isEqualTo("0.007500000");
    assertThat(rows.get(0).get("namespace")).isEqualTo("a");
    assertThat(rows.get(0).get("user")).isEqualTo("u1");
    assertThat(rows.get(0).get("trace_id")).hasSize(32);
    assertThat(rows.get(3).get("model")).isEqualTo("mystery-model");
    assertThat(rows.get(3).get("unpriced")).isEqualTo("t");

    TestIngester.HttpResult onlyB =
        ingester.get("/api/v1/costs/export.csv?from=2026-11-20&to=2026-11-21&namespace=b");
    assertThat(onlyB.body().lines().count()).isEqualTo(3); // header + 2
  }

  /** Sums a metric's samples per label value (Prometheus text format). */
  private static Map<String, BigDecimal> samples(
      String metrics, String name, String label, String filter) {
    Map<String, BigDecimal> sums = new TreeMap<>();
    Pattern line = Pattern.compile("^" + name + "\\{([^}]*)\\} (\\S+)$", Pattern.MULTILINE);
    Matcher m = line.matcher(metrics);
    while (m.find()) {
      String labels = m.group(1);
      if (filter != null && !labels.contains(filter)) {
        continue;
      }
      Matcher v = Pattern.compile(label + "=\"([^\"]*)\"").matcher(labels);
      String key = v.find() ? v.group(1) : "";
      sums.merge(key, new BigDecimal(m.group(2)), BigDecimal::add);
    }
    return sums;
  }

  @Test
  void metricsAgreeWithTheLedger() throws Exception {
    String metrics = ingester.get("/metrics").body();
    Map<String, BigDecimal> cost = samples(metrics, "llm_cost_usd_total", "model", null);
    for (Map.Entry<String, BigDecimal> e : cost.entrySet()) {
      String ledger =
          ingester.query("SELECT sum(cost) FROM llm_calls WHERE model = '" + e.getKey() + "'");
      assertThat(e.getValue().setScale(9, RoundingMode.HALF_EVEN))
          .as(e.getKey())
          .isEqualByComparingTo(ledger);
    }
    assertThat(cost.keySet()).containsExactlyInAnyOrder("gpt-4o", "gpt-4o-mini", "mystery-model");
    assertThat(samples(metrics, "llm_requests_total", "namespace", null))
        .containsEntry("a", new BigDecimal("2.0"))
        .containsEntry("b", new BigDecimal("2.0"));
    assertThat(samples(metrics, "llm_unpriced_requests_total", "model", null).get("mystery-model"))
        .isEqualByComparingTo("1");
    assertThat(samples(metrics, "llm_tokens_total", "type", null))
        .containsEntry(
            "input",
            new BigDecimal(ingester.query("SELECT sum(input_tokens) FROM llm_calls")).setScale(1))
        .containsEntry(
            "output",
            new BigDecimal(ingester.query("SELECT sum(output_tokens) FROM llm_calls")).setScale(1));
    assertThat(samples(metrics, "llm_request_duration_seconds_count", "model", null).get("gpt-4o"))
        .isEqualByComparingTo("2");
    assertThat(samples(metrics, "llmcost_ingest_spans_total", "result", null))
        .containsEntry("accepted", new BigDecimal("4.0"))
        .containsEntry("ignored", new BigDecimal("1.0"));
    assertThat(metrics)
        .contains("llmcost_ingest_queue_spans")
        .contains("llmcost_ingest_batch_commit_seconds_count");
    // no user label unless asked for: it is unbounded
    assertThat(metrics).doesNotContain("user=\"u1\"");
  }

  @Test
  void probesAndHealth() throws Exception {
    assertThat(ingester.get("/live").status()).isEqualTo(200);
    assertThat(ingester.get("/ready").status()).isEqualTo(200);
    JsonNode health = JSON.readTree(ingester.get("/health").body());
    assertThat(health.get("status").asText()).isEqualTo("UP");
    assertThat(health.get("catalog").get("models").asInt()).isEqualTo(3);
    assertThat(health.get("queue").get("capacitySpans").asInt()).isEqualTo(100_000);
    assertThat(health.get("database").get("schemaVersion").asText()).isNotBlank();
  }

  @Test
  void theOpenApiDocumentDescribesWhatIsServed() throws Exception {
    TestIngester.HttpResult r = ingester.get("/openapi.json");
    assertThat(r.status()).isEqualTo(200);
    JsonNode doc = JSON.readTree(r.body());
    Set<String> documented = new HashSet<>();
    doc.get("paths").fieldNames().forEachRemaining(documented::add);
    assertThat(documented).containsExactlyInAnyOrderElementsOf(ApiServer.PATHS);
    for (String path : List.of(CostApi.SUMMARY, CostApi.EXPORT)) {
      List<String> params = new ArrayList<>();
      doc.get("paths")
          .get(path)
          .get("get")
          .get("parameters")
          .forEach(p -> params.add(p.get("name").asText()));
      assertThat(params).as(path).containsExactlyInAnyOrderElementsOf(CostQueryParameters.names());
    }

    JsonSchemaFactory factory = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V7);
    JsonSchema summarySchema =
        factory.getSchema(
            SchemaLocation.of(
                "classpath:io/llmcost/api/openapi.json#/components/schemas/CostSummary"));
    JsonSchema errorSchema =
        factory.getSchema(
            SchemaLocation.of("classpath:io/llmcost/api/openapi.json#/components/schemas/Error"));
    for (String q :
        List.of(
            "groupBy=model,user",
            "from=2026-11-20&to=2026-11-21",
            "from=2026-11-20T10:10:00Z&to=2026-11-21")) {
      JsonNode body = JSON.readTree(ingester.get("/api/v1/costs/summary?" + q).body());
      assertThat(summarySchema.validate(body)).as(q).isEmpty();
    }
    JsonNode error = JSON.readTree(ingester.get("/api/v1/costs/summary?groupBy=x").body());
    assertThat(errorSchema.validate(error)).isEmpty();
    // and the schema is strict enough to notice a float where a decimal string belongs
    JsonNode broken = JSON.readTree(ingester.get("/api/v1/costs/summary").body());
    ((com.fasterxml.jackson.databind.node.ObjectNode) broken.get("total")).put("cost", 1.5);
    assertThat(summarySchema.validate(broken)).isNotEmpty();
  }
}
