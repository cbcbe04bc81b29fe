package io.llmcost.ingester;

import static io.llmcost.ingest.OtlpSpans.attr;
import static io.llmcost.ingest.OtlpSpans.chat;
import static io.llmcost.ingest.OtlpSpans.request;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.zaxxer.hikari.HikariDataSource;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.protobuf.StatusProto;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.TraceServiceGrpc;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import okhttp3.Request;
import okhttp3.Response;
import org.junit.jupiter.api.Test;

/**
 * PostgreSQL stopped under a running ingester: requests are refused for retry (503 / UNAVAILABLE
 * with a retry hint), nothing acknowledged is lost, and the retried batch lands exactly once.
 */
class DatabaseOutageIT {

  private static Response post(String url, ExportTraceServiceRequest req) throws Exception {
    return TestIngester.postOtlp(url, req);
  }

  private static long count(HikariDataSource db, String sql) throws Exception {
    try (Connection c = db.getConnection();
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    }
  }

  @Test
  void refusesWhileDownAndStoresTheRetryExactlyOnceWhenBack() throws Exception {
    RestartablePostgres pg = new RestartablePostgres();
    HikariDataSource db = pg.db;
    IngesterServer server =
        IngesterServer.start(
            db, IngesterConfig.builder(0, 0, 0).withBindAddress("127.0.0.1").build());
    String otlp = "http://127.0.0.1:" + server.otlpHttpPort() + "/v1/traces";
    ManagedChannel channel =
        NettyChannelBuilder.forAddress("127.0.0.1", server.otlpGrpcPort()).usePlaintext().build();
    try {
      ExportTraceServiceRequest before =
          request(
              List.of(attr("k8s.namespace.name", "outage")),
              chat(Instant.now(), "gpt-4o", 1000, 0));
      try (Response r = post(otlp, before)) {
        assertThat(r.code()).isEqualTo(200);
      }

      pg.stop();

      ExportTraceServiceRequest during =
          request(
              List.of(attr("k8s.namespace.name", "outage")),
              chat(Instant.now(), "gpt-4o", 2000, 0),
              chat(Instant.now(), "gpt-4o-mini", 2000, 0));
      try (Response r = post(otlp, during)) {
        assertThat(r.code()).isEqualTo(503);
        assertThat(r.header("Retry-After")).isEqualTo("2");
        assertThat(com.google.rpc.Status.parseFrom(r.body().bytes()).getMessage())
            .startsWith("ledger database unavailable");
      }
      assertThatThrownBy(
              () ->
                  TraceServiceGrpc.newBlockingStub(channel)
                      .withDeadlineAfter(30, TimeUnit.SECONDS)
                      .export(during))
          .isInstanceOfSatisfying(
              StatusRuntimeException.class,
              e -> {
                assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE);
                // a RetryInfo detail tells exporters when to come back
                assertThat(StatusProto.fromThrowable(e).getDetailsList())
                    .anyMatch(any -> any.is(com.google.rpc.RetryInfo.class));
              });
      await()
          .atMost(Duration.ofSeconds(10))
          .until(
              () ->
                  TestIngester.HTTP
                          .newCall(
                              new Request.Builder()
                                  .url("http://127.0.0.1:" + server.httpPort() + "/ready")
                                  .build())
                          .execute()
                          .code()
                      == 503);

      pg.start();
      await()
          .atMost(Duration.ofSeconds(20))
          .pollInterval(Duration.ofMillis(200))
          .until(
              () -> {
                try (Response r = post(otlp, during)) {
                  return r.code() == 200;
                }
              });
      // the exporter's retries after recovery (and any later replay) add nothing
      try (Response r = post(otlp, during)) {
        assertThat(r.code()).isEqualTo(200);
      }
      TraceServiceGrpc.newBlockingStub(channel)
          .withDeadlineAfter(30, TimeUnit.SECONDS)
          .export(during);

      assertThat(count(db, "SELECT count(*) FROM llm_calls WHERE namespace = 'outage'"))
          .isEqualTo(3);
      assertThat(
              count(db, "SELECT sum(requests) FROM llm_cost_rollup_15m WHERE namespace = 'outage'"))
          .isEqualTo(3);
      assertThat(count(db, "SELECT sum(input_tokens) FROM llm_calls WHERE namespace = 'outage'"))
          .isEqualTo(5000);
    } finally {
      channel.shutdownNow();
      server.close();
      pg.close();
    }
  }
}
