package io.llmcost.ingester;

import static io.llmcost.ingest.OtlpSpans.attr;
import static io.llmcost.ingest.OtlpSpans.chat;
import static io.llmcost.ingest.OtlpSpans.request;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.MetadataUtils;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.TraceServiceGrpc;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import okhttp3.Request;
import okhttp3.Response;
import org.junit.jupiter.api.Test;

class AuthIT {
  private static final String TOKEN = "s3cret-token";

  private static int postOtlp(TestIngester ingester, String authorization) throws Exception {
    ExportTraceServiceRequest req =
        request(List.of(attr("k8s.namespace.name", "auth")), chat(Instant.now(), "gpt-4o", 1, 1));
    Request.Builder r = TestIngester.otlpRequest(ingester.otlpHttpUrl(), req).newBuilder();
    if (authorization != null) {
      r.header("Authorization", authorization);
    }
    try (Response response = TestIngester.HTTP.newCall(r.build()).execute()) {
      return response.code();
    }
  }

  private static void grpcExport(TestIngester ingester, String authorization) throws Exception {
    ManagedChannel channel =
        NettyChannelBuilder.forAddress("127.0.0.1", ingester.server.otlpGrpcPort())
            .usePlaintext()
            .build();
    try {
      Metadata headers = new Metadata();
      if (authorization != null) {
        headers.put(
            Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER), authorization);
      }
      TraceServiceGrpc.newBlockingStub(channel)
          .withInterceptors(MetadataUtils.newAttachHeadersInterceptor(headers))
          .withDeadlineAfter(10, TimeUnit.SECONDS)
          .export(
              request(
                  List.of(attr("k8s.namespace.name", "auth")),
                  chat(Instant.now(), "gpt-4o", 1, 1)));
    } finally {
      channel.shutdownNow();
    }
  }

  @Test
  void withATokenOtlpAndTheApiRequireItWhileProbesAndMetricsStayOpen() throws Exception {
    try (TestIngester ingester = TestIngester.start(c -> c.withAuthToken(TOKEN, false))) {
      assertThat(postOtlp(ingester, null)).isEqualTo(401);
      assertThat(postOtlp(ingester, "Bearer wrong")).isEqualTo(401);
      assertThat(postOtlp(ingester, "Bearer " + TOKEN)).isEqualTo(200);

      assertThatThrownBy(() -> grpcExport(ingester, null))
          .isInstanceOfSatisfying(
              StatusRuntimeException.class,
              e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAUTHENTICATED));
      assertThatThrownBy(() -> grpcExport(ingester, "Bearer nope"))
          .isInstanceOf(StatusRuntimeException.class);
      grpcExport(ingester, "Bearer " + TOKEN);
      assertThat(ingester.count("SELECT count(*) FROM llm_calls WHERE namespace = 'auth'"))
          .isEqualTo(2);

      assertThat(ingester.get("/api/v1/costs/summary").status()).isEqualTo(401);
      assertThat(ingester.get("/api/v1/costs/export.csv", "wrong").status()).isEqualTo(401);
      assertThat(ingester.get("/api/v1/costs/summary", TOKEN).status()).isEqualTo(200);
      assertThat(ingester.get("/metrics").status()).isEqualTo(200);
      assertThat(ingester.get("/live").status()).isEqualTo(200);
      assertThat(ingester.get("/ready").status()).isEqualTo(200);
    }
  }

  @Test
  void probesAndMetricsCanBeProtectedToo() throws Exception {
    try (TestIngester ingester = TestIngester.start(c -> c.withAuthToken(TOKEN, true))) {
      assertThat(ingester.get("/metrics").status()).isEqualTo(401);
      assertThat(ingester.get("/health").status()).isEqualTo(401);
      assertThat(ingester.get("/metrics", TOKEN).status()).isEqualTo(200);
    }
  }

  @Test
  void withoutATokenEverythingIsOpen() throws Exception {
    try (TestIngester ingester = TestIngester.start(c -> c)) {
      assertThat(postOtlp(ingester, null)).isEqualTo(200);
      grpcExport(ingester, null);
      assertThat(ingester.get("/api/v1/costs/summary").status()).isEqualTo(200);
    }
  }
}
