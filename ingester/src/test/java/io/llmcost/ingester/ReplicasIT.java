package io.llmcost.ingester;

import static io.llmcost.ingest.OtlpSpans.attr;
import static io.llmcost.ingest.OtlpSpans.chat;
import static io.llmcost.ingest.OtlpSpans.request;
import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.trace.v1.Span;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import okhttp3.Response;
import org.junit.jupiter.api.Test;

/** Two ingester replicas on one database, hit with the same batches at once: stored once. */
class ReplicasIT {

  @Test
  void theSameBatchesSentToTwoReplicasConcurrentlyAreStoredOnce() throws Exception {
    try (TestIngester first = TestIngester.start(c -> c);
        TestIngester second = first.replica(c -> c)) {
      List<ExportTraceServiceRequest> batches = new ArrayList<>();
      Instant start = Instant.now().minus(Duration.ofMinutes(20));
      for (int b = 0; b < 10; b++) {
        Span.Builder[] spans = new Span.Builder[50];
        for (int i = 0; i < spans.length; i++) {
          // spread over several 15-minute buckets so replicas contend on the same rollup rows
          spans[i] =
              chat(start.plusSeconds(i * 20L), i % 2 == 0 ? "gpt-4o" : "gpt-4o-mini", 1000, 100);
        }
        batches.add(request(List.of(attr("k8s.namespace.name", "replicas")), spans));
      }
      ExecutorService pool = Executors.newFixedThreadPool(8);
      try {
        List<Future<Integer>> answers = new ArrayList<>();
        for (int round = 0; round < 3; round++) {
          for (ExportTraceServiceRequest batch : batches) {
            for (TestIngester target : List.of(first, second)) {
              answers.add(pool.submit(() -> post(target, batch)));
            }
          }
        }
        for (Future<Integer> answer : answers) {
          assertThat(answer.get()).isEqualTo(200);
        }
      } finally {
        pool.shutdown();
      }
      assertThat(first.count("SELECT count(*) FROM llm_calls WHERE namespace = 'replicas'"))
          .isEqualTo(500);
      // 250 × (1000 × 2.50 + 100 × 10.00) + 250 × (1000 × 0.15 + 100 × 0.60), per 1M
      assertThat(first.query("SELECT sum(cost) FROM llm_calls WHERE namespace = 'replicas'"))
          .isEqualTo("0.927500000");
      assertThat(
              first.query(
                  "SELECT sum(requests) || ' ' || sum(cost) FROM llm_cost_rollup_15m WHERE namespace = 'replicas'"))
          .isEqualTo("500 0.927500000");
    }
  }

  private static int post(TestIngester target, ExportTraceServiceRequest batch) throws Exception {
    try (Response r = target.postOtlp(batch)) {
      return r.code();
    }
  }
}
