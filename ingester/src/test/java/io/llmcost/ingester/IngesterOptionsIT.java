package io.llmcost.ingester;

import static io.llmcost.ingest.OtlpSpans.attr;
import static io.llmcost.ingest.OtlpSpans.chat;
import static io.llmcost.ingest.OtlpSpans.request;
import static org.assertj.core.api.Assertions.assertThat;

import io.llmcost.ledger.LedgerDatabase;
import io.llmcost.ledger.LedgerRow;
import io.llmcost.ledger.LedgerWriter;
import io.llmcost.ledger.Migrations;
import io.llmcost.ledger.TestDatabase;
import io.llmcost.model.TokenUsage;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import okhttp3.Response;
import org.junit.jupiter.api.Test;

class IngesterOptionsIT {

  @Test
  void retentionDropsOldDaysAtStartAndRefusesCallsOlderThanIt() throws Exception {
    Instant now = Instant.parse("2026-11-26T12:00:00Z");
    String url = TestDatabase.freshDatabaseUrl();
    try (var db = LedgerDatabase.pool(url, null, null, 4)) {
      Migrations.migrate(db);
      new LedgerWriter(db)
          .write(
              List.of(
                  row("2026-09-01T10:00:00Z"), // older than 30 days: its day goes
                  row("2026-11-20T10:00:00Z")));
    }
    try (var db = LedgerDatabase.pool(url, null, null, 4);
        IngesterServer server =
            IngesterServer.start(
                db,
                IngesterConfig.builder(0, 0, 0)
                    .withBindAddress("127.0.0.1")
                    .withRetention(Duration.ofDays(30))
                    .withClock(Clock.fixed(now, ZoneOffset.UTC))
                    .build())) {
      assertThat(server.registry().get("llmcost.ingest.partitions.dropped").gauge().value())
          .isEqualTo(1);
      try (var c = db.getConnection();
          var s = c.createStatement();
          var rs =
              s.executeQuery("SELECT string_agg(start_time::date::text, ',') FROM llm_calls")) {
        rs.next();
        assertThat(rs.getString(1)).isEqualTo("2026-11-20");
      }
      ExportTraceServiceRequest old =
          request(List.of(), chat(now.minus(Duration.ofDays(31)), "gpt-4o", 1, 1));
      try (Response r = post("http://127.0.0.1:" + server.otlpHttpPort() + "/v1/traces", old)) {
        assertThat(r.code()).isEqualTo(200);
        assertThat(
                io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse.parseFrom(
                        r.body().bytes())
                    .getPartialSuccess()
                    .getErrorMessage())
            .contains("older than the retention period PT720H");
      }
    }
  }

  @Test
  void theUserLabelAppearsOnlyWhenAskedFor() throws Exception {
    try (TestIngester ingester = TestIngester.start(c -> c.withMetricsUserLabel(true))) {
      ExportTraceServiceRequest req =
          request(
              List.of(attr("k8s.namespace.name", "labels")),
              chat(Instant.now(), "gpt-4o", 1, 1).addAttributes(attr("enduser.id", "carol")));
      try (Response r = post(ingester.otlpHttpUrl(), req)) {
        assertThat(r.code()).isEqualTo(200);
      }
      assertThat(ingester.get("/metrics").body())
          .containsPattern("llm_requests_total\\{[^}]*user=\"carol\"[^}]*\\} 1\\.0");
    }
  }

  private static LedgerRow row(String start) {
    byte[] trace = io.llmcost.ingest.OtlpSpans.randomBytes(16);
    byte[] span = io.llmcost.ingest.OtlpSpans.randomBytes(8);
    return new LedgerRow(
        trace,
        span,
        Instant.parse(start),
        null,
        "n",
        "a",
        "",
        "openai",
        "gpt-4o",
        "gpt-4o",
        TokenUsage.of(1, 1),
        new BigDecimal("0.000012500"),
        false,
        "openai",
        "gpt-4o",
        null,
        "{}",
        null,
        null);
  }

  private static Response post(String url, ExportTraceServiceRequest req) throws Exception {
    return TestIngester.postOtlp(url, req);
  }
}
