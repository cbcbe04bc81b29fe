package io.llmcost.ingester;

import static io.llmcost.ingest.OtlpSpans.attr;
import static io.llmcost.ingest.OtlpSpans.chat;
import static io.llmcost.ingest.OtlpSpans.request;
import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.trace.v1.Span;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import okhttp3.Response;
import org.junit.jupiter.api.Test;

/**
 * PostgreSQL restarted while four senders push a sustained load and retry on 503 like exporters:
 * every acknowledged span is in the ledger exactly once, and the senders were told to retry while
 * it was down.
 */
class SustainedOutageIT {

  @Test
  void everyAcknowledgedSpanIsStoredExactlyOnceAcrossARestart() throws Exception {
    RestartablePostgres pg = new RestartablePostgres();
    HikariDataSource db = pg.db;
    IngesterServer server =
        IngesterServer.start(
            db, IngesterConfig.builder(0, 0, 0).withBindAddress("127.0.0.1").build());
    String otlp = "http://127.0.0.1:" + server.otlpHttpPort() + "/v1/traces";
    Set<String> acknowledged = ConcurrentHashMap.newKeySet();
    AtomicInteger retryable = new AtomicInteger();
    AtomicBoolean running = new AtomicBoolean(true);
    Thread[] senders = new Thread[4];
    try {
      for (int t = 0; t < senders.length; t++) {
        senders[t] =
            new Thread(
                () -> {
                  while (running.get()) {
                    Span.Builder[] spans = new Span.Builder[20];
                    for (int i = 0; i < spans.length; i++) {
                      spans[i] = chat(Instant.now(), "gpt-4o", 100, 10);
                    }
                    ExportTraceServiceRequest batch =
                        request(List.of(attr("k8s.namespace.name", "sustained")), spans);
                    while (true) { // an exporter: retry the same batch until it is acknowledged
                      try (Response r = TestIngester.postOtlp(otlp, batch)) {
                        if (r.code() == 200) {
                          for (var span :
                              batch.getResourceSpans(0).getScopeSpans(0).getSpansList()) {
                            acknowledged.add(
                                HexFormat.of().formatHex(span.getSpanId().toByteArray()));
                          }
                          break;
                        }
                        assertThat(r.code()).isEqualTo(503);
                        retryable.incrementAndGet();
                        Thread.sleep(100);
                      } catch (Exception e) {
                        throw new IllegalStateException(e);
                      }
                    }
                  }
                });
        senders[t].start();
      }
      Thread.sleep(1500);
      pg.stop(); // the database goes away under load
      Thread.sleep(3000);
      pg.start();
      Thread.sleep(3000);
      running.set(false);
      for (Thread s : senders) {
        s.join(60_000);
      }
    } finally {
      running.set(false);
      server.close();
    }
    try (Connection c = db.getConnection();
        Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery(
                "SELECT count(*), count(DISTINCT span_id), (SELECT sum(requests) FROM llm_cost_rollup_15m"
                    + " WHERE namespace = 'sustained') FROM llm_calls WHERE namespace = 'sustained'")) {
      rs.next();
      assertThat(acknowledged).hasSizeGreaterThan(200);
      assertThat(retryable.get())
          .as("senders were told to retry while the database was down")
          .isPositive();
      assertThat(rs.getLong(1)).as("rows = acknowledged spans").isEqualTo(acknowledged.size());
      assertThat(rs.getLong(2)).as("each once").isEqualTo(acknowledged.size());
      assertThat(rs.getLong(3)).as("rollups count each once").isEqualTo(acknowledged.size());
    } finally {
      pg.close();
    }
    System.out.printf(
        "sustained outage: %d spans acknowledged, %d retryable answers%n",
        acknowledged.size(), retryable.get());
  }
}
