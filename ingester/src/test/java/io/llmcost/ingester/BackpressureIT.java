package io.llmcost.ingester;

import static io.llmcost.ingest.OtlpSpans.attr;
import static io.llmcost.ingest.OtlpSpans.chat;
import static io.llmcost.ingest.OtlpSpans.request;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.trace.v1.Span;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import okhttp3.Call;
import okhttp3.Callback;
import okhttp3.Request;
import okhttp3.Response;
import org.jetbrains.annotations.NotNull;
import org.junit.jupiter.api.Test;

/**
 * A database that stops keeping up (here: a lock held on the ledger) fills the bounded queue; past
 * its capacity requests are refused with 503 at once instead of piling up in memory, and the
 * accepted ones are answered only after they are committed.
 */
class BackpressureIT {

  private static ExportTraceServiceRequest fiveCalls(String namespace) {
    Span.Builder[] spans = new Span.Builder[5];
    for (int i = 0; i < spans.length; i++) {
      spans[i] = chat(Instant.now(), "gpt-4o", 100, 10);
    }
    return request(List.of(attr("k8s.namespace.name", namespace)), spans);
  }

  private static Request post(TestIngester ingester, ExportTraceServiceRequest req) {
    return TestIngester.otlpRequest(ingester.otlpHttpUrl(), req);
  }

  private static CompletableFuture<Integer> send(
      TestIngester ingester, ExportTraceServiceRequest req) {
    CompletableFuture<Integer> status = new CompletableFuture<>();
    TestIngester.HTTP
        .newCall(post(ingester, req))
        .enqueue(
            new Callback() {
              @Override
              public void onFailure(@NotNull Call call, @NotNull java.io.IOException e) {
                status.completeExceptionally(e);
              }

              @Override
              public void onResponse(@NotNull Call call, @NotNull Response response) {
                status.complete(response.code());
                response.close();
              }
            });
    return status;
  }

  private static double queued(TestIngester ingester) {
    return ingester.server.registry().get("llmcost.ingest.queue.spans").gauge().value();
  }

  @Test
  void aFullQueueRefusesAtOnceAndAcceptedRequestsWaitForTheirCommit() throws Exception {
    try (TestIngester ingester = TestIngester.start(c -> c.withLimits(1 << 20, 10, 5, 1));
        Connection lock = ingester.db.getConnection()) {
      // warm up: the day's partition exists and the writer has its staging table
      assertThat(send(ingester, fiveCalls("warmup")).get()).isEqualTo(200);

      lock.setAutoCommit(false);
      try (Statement s = lock.createStatement()) {
        s.execute("LOCK TABLE llm_calls IN ACCESS EXCLUSIVE MODE");
      }
      CompletableFuture<Integer> first = send(ingester, fiveCalls("pressure"));
      await().atMost(Duration.ofSeconds(10)).until(() -> queued(ingester) == 5);
      CompletableFuture<Integer> second = send(ingester, fiveCalls("pressure"));
      await().atMost(Duration.ofSeconds(10)).until(() -> queued(ingester) == 10);

      try (Response refused =
          TestIngester.HTTP.newCall(post(ingester, fiveCalls("refused"))).execute()) {
        assertThat(refused.code()).isEqualTo(503);
        assertThat(refused.header("Retry-After")).isNotNull();
        assertThat(com.google.rpc.Status.parseFrom(refused.body().bytes()).getMessage())
            .contains("ingest queue is full (10 spans)");
      }
      Thread.sleep(300);
      assertThat(first).isNotDone(); // not answered before its rows are committed
      assertThat(second).isNotDone();

      lock.rollback();
      assertThat(first.get()).isEqualTo(200);
      assertThat(second.get()).isEqualTo(200);
      assertThat(ingester.count("SELECT count(*) FROM llm_calls WHERE namespace = 'pressure'"))
          .isEqualTo(10);
      assertThat(ingester.count("SELECT count(*) FROM llm_calls WHERE namespace = 'refused'"))
          .isZero();
      assertThat(queued(ingester)).isZero();
    }
  }
}
