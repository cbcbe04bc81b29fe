package io.llmcost.ingester;

import static io.llmcost.ingest.OtlpSpans.attr;
import static io.llmcost.ingest.OtlpSpans.chat;
import static io.llmcost.ingest.OtlpSpans.request;
import static io.llmcost.ingest.OtlpSpans.span;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.grpc.CallOptions;
import io.grpc.ManagedChannel;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.ClientCalls;
import io.llmcost.ingest.OtlpGrpcService;
import io.llmcost.ledger.CommitSignalListener;
import io.llmcost.ledger.CommitSignals;
import io.llmcost.ledger.RollupKey;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter;
import io.opentelemetry.exporter.otlp.trace.OtlpGrpcSpanExporter;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import io.opentelemetry.proto.collector.trace.v1.TraceServiceGrpc;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPOutputStream;
import okhttp3.MediaType;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The real OpenTelemetry SDK exporters and raw OTLP bodies against an ingester on PostgreSQL. */
class OtlpIngestIT {
  private static TestIngester ingester;

  @BeforeAll
  static void start() throws Exception {
    ingester = TestIngester.start(c -> c.withLimits(64 * 1024, 100_000, 10_000, 2));
  }

  @AfterAll
  static void stop() throws Exception {
    ingester.close();
  }

  /** Emits three LLM calls and one plain span through the SDK; returns what was exported. */
  private static List<io.opentelemetry.sdk.trace.data.SpanData> emit(
      SpanExporter exporter, String namespace) {
    InMemorySpanExporter copy = InMemorySpanExporter.create();
    SdkTracerProvider provider =
        SdkTracerProvider.builder()
            .setResource(
                Resource.create(
                    Attributes.of(
                        AttributeKey.stringKey("service.name"),
                        "chatbot",
                        AttributeKey.stringKey("k8s.namespace.name"),
                        namespace)))
            .addSpanProcessor(SimpleSpanProcessor.create(exporter))
            .addSpanProcessor(SimpleSpanProcessor.create(copy))
            .build();
    Tracer tracer = provider.get("llm-test");
    llmCall(tracer, "gpt-4o", "gpt-4o", 1000, 500);
    llmCall(tracer, "gpt-4o", "gpt-4o-mini", 2000, 1000); // the router answered with mini
    llmCall(tracer, "mystery-model", null, 100, 100);
    tracer.spanBuilder("GET /health").startSpan().end();
    assertThat(provider.forceFlush().join(15, TimeUnit.SECONDS).isSuccess()).isTrue();
    provider.shutdown().join(15, TimeUnit.SECONDS);
    return copy.getFinishedSpanItems();
  }

  private static void llmCall(
      Tracer tracer, String requestModel, String responseModel, long in, long out) {
    Span span =
        tracer
            .spanBuilder("chat " + requestModel)
            .setAttribute("gen_ai.provider.name", "openai")
            .setAttribute("gen_ai.request.model", requestModel)
            .setAttribute("gen_ai.usage.input_tokens", in)
            .setAttribute("gen_ai.usage.output_tokens", out)
            .setAttribute("enduser.id", "alice")
            .startSpan();
    if (responseModel != null) {
      span.setAttribute("gen_ai.response.model", responseModel);
    }
    span.end();
  }

  private static void assertStored(String namespace) throws Exception {
    String where = " FROM llm_calls WHERE namespace = '" + namespace + "'";
    assertThat(ingester.count("SELECT count(*)" + where)).isEqualTo(3);
    // gpt-4o: 1000 × 2.50 + 500 × 10.00 = 0.0075; mini: 2000 × 0.15 + 1000 × 0.60 = 0.0009
    assertThat(ingester.query("SELECT cost" + where + " AND model = 'gpt-4o'"))
        .isEqualTo("0.007500000");
    assertThat(
            ingester.query(
                "SELECT cost || ' ' || request_model" + where + " AND model = 'gpt-4o-mini'"))
        .isEqualTo("0.000900000 gpt-4o");
    assertThat(
            ingester.query(
                "SELECT unpriced || ' ' || cost" + where + " AND model = 'mystery-model'"))
        .isEqualTo("true 0.000000000");
    assertThat(ingester.query("SELECT user_id || '/' || application" + where + " LIMIT 1"))
        .isEqualTo("alice/chatbot");
    String rollup =
        ingester.query(
            "SELECT sum(requests) || ' ' || sum(unpriced_requests) || ' ' || sum(cost) || ' '"
                + " || sum(input_tokens) FROM llm_cost_rollup_15m WHERE namespace = '"
                + namespace
                + "'");
    assertThat(rollup).isEqualTo("3 1 0.008400000 3100");
  }

  @Test
  void sdkGrpcExporterCallsArePricedStoredAndRolledUpAndAReplayChangesNothing() throws Exception {
    OtlpGrpcSpanExporter exporter =
        OtlpGrpcSpanExporter.builder().setEndpoint(ingester.grpcEndpoint()).build();
    List<io.opentelemetry.sdk.trace.data.SpanData> sent = emit(exporter, "grpc-ns");
    assertStored("grpc-ns");

    // the provider's shutdown closed that exporter; a fresh one replays, as after a restart
    OtlpGrpcSpanExporter again =
        OtlpGrpcSpanExporter.builder().setEndpoint(ingester.grpcEndpoint()).build();
    CompletableResultCode replay = again.export(sent).join(15, TimeUnit.SECONDS);
    assertThat(replay.isSuccess()).isTrue();
    assertStored("grpc-ns");
    again.shutdown();
  }

  @Test
  void sdkHttpProtobufExporterCallsArePricedAndStored() throws Exception {
    OtlpHttpSpanExporter exporter =
        OtlpHttpSpanExporter.builder().setEndpoint(ingester.otlpHttpUrl()).build();
    List<io.opentelemetry.sdk.trace.data.SpanData> sent = emit(exporter, "http-ns");
    assertStored("http-ns");
    OtlpHttpSpanExporter again =
        OtlpHttpSpanExporter.builder().setEndpoint(ingester.otlpHttpUrl()).build();
    assertThat(again.export(sent).join(15, TimeUnit.SECONDS).isSuccess()).isTrue();
    assertStored("http-ns");
    again.shutdown();
  }

  @Test
  void sdkHttpExporterWithGzipIsAccepted() throws Exception {
    OtlpHttpSpanExporter exporter =
        OtlpHttpSpanExporter.builder()
            .setEndpoint(ingester.otlpHttpUrl())
            .setCompression("gzip")
            .build();
    emit(exporter, "gzip-ns");
    assertStored("gzip-ns");
  }

  private static Response post(byte[] body, String contentType, boolean gzip) throws Exception {
    Request.Builder request =
        new Request.Builder()
            .url(ingester.otlpHttpUrl())
            .post(RequestBody.create(gzip ? gzip(body) : body, MediaType.get(contentType)));
    if (gzip) {
      request.header("Content-Encoding", "gzip");
    }
    return TestIngester.HTTP.newCall(request.build()).execute();
  }

  private static byte[] gzip(byte[] body) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
      gz.write(body);
    }
    return out.toByteArray();
  }

  private static String jsonBody(String traceId, String namespace) {
    long start = Instant.now().minusSeconds(10).toEpochMilli() * 1_000_000L;
    return """
        {"resourceSpans":[{"resource":{"attributes":[
            {"key":"service.name","value":{"stringValue":"json-app"}},
            {"key":"k8s.namespace.name","value":{"stringValue":"%s"}}]},
          "scopeSpans":[{"spans":[{"traceId":"%s","spanId":"00f067aa0ba902b7","name":"chat",
            "kind":3,"startTimeUnixNano":"%d","endTimeUnixNano":"%d",
            "attributes":[{"key":"gen_ai.system","value":{"stringValue":"openai"}},
              {"key":"gen_ai.request.model","value":{"stringValue":"gpt-4o"}},
              {"key":"gen_ai.usage.prompt_tokens","value":{"intValue":"4000"}},
              {"key":"gen_ai.usage.completion_tokens","value":{"intValue":"1000"}}]}]}]}]}
        """
        .formatted(namespace, traceId, start, start + 2_000_000_000L);
  }

  @Test
  void otlpJsonPlainAndGzippedIsStoredAndAnsweredInJson() throws Exception {
    String traceA = HexFormat.of().formatHex(io.llmcost.ingest.OtlpSpans.randomBytes(16));
    String traceB = HexFormat.of().formatHex(io.llmcost.ingest.OtlpSpans.randomBytes(16));
    try (Response r =
        post(
            jsonBody(traceA, "json-ns").getBytes(StandardCharsets.UTF_8),
            "application/json",
            false)) {
      assertThat(r.code()).isEqualTo(200);
      assertThat(r.header("Content-Type")).startsWith("application/json");
      assertThat(r.body().string()).isEqualTo("{\n}");
    }
    try (Response r =
        post(
            jsonBody(traceB, "json-ns").getBytes(StandardCharsets.UTF_8),
            "application/json",
            true)) {
      assertThat(r.code()).isEqualTo(200);
    }
    // 4000 × 2.50 + 1000 × 10.00 per 1M = 0.02 each
    assertThat(
            ingester.query(
                "SELECT count(*) || ' ' || sum(cost) FROM llm_calls WHERE namespace = 'json-ns'"))
        .isEqualTo("2 0.040000000");
    assertThat(
            ingester.query(
                "SELECT encode(trace_id, 'hex') || '/' || encode(span_id, 'hex') FROM llm_calls"
                    + " WHERE namespace = 'json-ns' ORDER BY 1 LIMIT 1"))
        .isEqualTo((traceA.compareTo(traceB) < 0 ? traceA : traceB) + "/00f067aa0ba902b7");
  }

  @Test
  void gzippedProtobufIsStored() throws Exception {
    ExportTraceServiceRequest req =
        request(
            List.of(attr("service.name", "gz"), attr("k8s.namespace.name", "gzproto-ns")),
            chat(Instant.now(), "gpt-4o", 1000, 0));
    try (Response r = post(req.toByteArray(), "application/x-protobuf", true)) {
      assertThat(r.code()).isEqualTo(200);
      assertThat(ExportTraceServiceResponse.parseFrom(r.body().bytes()).hasPartialSuccess())
          .isFalse();
    }
    assertThat(ingester.query("SELECT cost FROM llm_calls WHERE namespace = 'gzproto-ns'"))
        .isEqualTo("0.002500000");
  }

  @Test
  void malformedBodiesGet400WithTheReasonAndStoreNothing() throws Exception {
    long before = ingester.count("SELECT count(*) FROM llm_calls");
    try (Response r =
        post(new byte[] {0x0a, (byte) 0xff, 0x01, 0x02}, "application/x-protobuf", false)) {
      assertThat(r.code()).isEqualTo(400);
      com.google.rpc.Status status = com.google.rpc.Status.parseFrom(r.body().bytes());
      assertThat(status.getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT.value());
      assertThat(status.getMessage()).startsWith("body is not an OTLP trace export");
    }
    try (Response r =
        post("{\"resourceSpans\": [".getBytes(StandardCharsets.UTF_8), "application/json", false)) {
      assertThat(r.code()).isEqualTo(400);
      assertThat(r.body().string()).contains("body is not valid JSON");
    }
    try (Response r =
        post("not gzip".getBytes(StandardCharsets.UTF_8), "application/x-protobuf", false)) {
      assertThat(r.code()).isEqualTo(400);
    }
    Request badGzip =
        new Request.Builder()
            .url(ingester.otlpHttpUrl())
            .header("Content-Encoding", "gzip")
            .post(RequestBody.create(new byte[] {1, 2, 3}, MediaType.get("application/x-protobuf")))
            .build();
    try (Response r = TestIngester.HTTP.newCall(badGzip).execute()) {
      assertThat(r.code()).isEqualTo(400);
      assertThat(com.google.rpc.Status.parseFrom(r.body().bytes()).getMessage())
          .startsWith("body is not valid gzip");
    }
    try (Response r = post(new byte[] {1}, "text/plain", false)) {
      assertThat(r.code()).isEqualTo(415);
    }
    assertThat(ingester.count("SELECT count(*) FROM llm_calls")).isEqualTo(before);
  }

  @Test
  void unusableSpansArePartialSuccessAndTheRestIsStored() throws Exception {
    ExportTraceServiceRequest req =
        request(
            List.of(attr("k8s.namespace.name", "partial-ns")),
            chat(Instant.now(), "gpt-4o", 10, 10),
            span(
                Instant.now(),
                attr("gen_ai.request.model", "gpt-4o"),
                attr("gen_ai.usage.input_tokens", -3)),
            span(Instant.now(), attr("http.route", "/x")));
    try (Response r = post(req.toByteArray(), "application/x-protobuf", false)) {
      assertThat(r.code()).isEqualTo(200);
      ExportTraceServiceResponse response = ExportTraceServiceResponse.parseFrom(r.body().bytes());
      assertThat(response.getPartialSuccess().getRejectedSpans()).isEqualTo(1);
      assertThat(response.getPartialSuccess().getErrorMessage())
          .contains("gen_ai.usage.input_tokens is negative (-3)");
    }
    assertThat(ingester.count("SELECT count(*) FROM llm_calls WHERE namespace = 'partial-ns'"))
        .isEqualTo(1);
  }

  @Test
  void oversizedBodiesGet413EvenWhenOnlyTheirDecompressionIsLarge() throws Exception {
    byte[] big = new byte[100 * 1024];
    try (Response r = post(big, "application/x-protobuf", false)) {
      byte[] answer = r.body().bytes();
      assertThat(r.code()).as(com.google.rpc.Status.parseFrom(answer).getMessage()).isEqualTo(413);
    }
    // 100 KiB of zeros gzip to about 100 bytes: the limit applies after decompression too
    try (Response r = post(big, "application/x-protobuf", true)) {
      byte[] answer = r.body().bytes();
      assertThat(r.code()).as(com.google.rpc.Status.parseFrom(answer).getMessage()).isEqualTo(413);
      assertThat(com.google.rpc.Status.parseFrom(answer).getMessage())
          .contains("larger than 65536 bytes");
    }
  }

  @Test
  void tooManySpansInOneRequestAre413AndNothingIsStored() throws Exception {
    io.opentelemetry.proto.trace.v1.ScopeSpans.Builder scope =
        io.opentelemetry.proto.trace.v1.ScopeSpans.newBuilder();
    io.opentelemetry.proto.trace.v1.Span one = chat(Instant.now(), "gpt-4o", 1, 1).build();
    for (int i = 0; i < io.llmcost.ingest.OtlpExporter.MAX_SPANS_PER_REQUEST + 1; i++) {
      scope.addSpans(
          one.toBuilder()
              .setSpanId(
                  com.google.protobuf.ByteString.copyFrom(
                      io.llmcost.ingest.OtlpSpans.randomBytes(8))));
    }
    ExportTraceServiceRequest huge =
        ExportTraceServiceRequest.newBuilder()
            .addResourceSpans(
                io.opentelemetry.proto.trace.v1.ResourceSpans.newBuilder()
                    .setResource(
                        io.opentelemetry.proto.resource.v1.Resource.newBuilder()
                            .addAttributes(attr("k8s.namespace.name", "huge")))
                    .addScopeSpans(scope))
            .build();
    try (TestIngester big =
            TestIngester.start(c -> c.withLimits(64 * 1024 * 1024, 100_000, 10_000, 2));
        Response r = big.postOtlp(huge)) {
      byte[] answer = r.body().bytes();
      assertThat(r.code()).as(com.google.rpc.Status.parseFrom(answer).getMessage()).isEqualTo(413);
      assertThat(com.google.rpc.Status.parseFrom(answer).getMessage())
          .contains("more than the 50000 accepted at once");
      assertThat(big.count("SELECT count(*) FROM llm_calls")).isZero();
      assertThat(big.get("/metrics").body())
          .contains("llmcost_ingest_requests_total{outcome=\"too_large\",protocol=\"http\"}");
    }
  }

  @Test
  void malformedGrpcMessagesAreInvalidArgument() throws Exception {
    ManagedChannel channel =
        NettyChannelBuilder.forAddress("127.0.0.1", ingester.server.otlpGrpcPort())
            .usePlaintext()
            .build();
    try {
      MethodDescriptor<byte[], byte[]> raw =
          TraceServiceGrpc.getExportMethod().toBuilder(
                  new OtlpGrpcService.RawBytes(), new OtlpGrpcService.RawBytes())
              .build();
      assertThatThrownBy(
              () ->
                  ClientCalls.blockingUnaryCall(
                      channel, raw, CallOptions.DEFAULT, new byte[] {0x0a, (byte) 0xff, 0x7f}))
          .isInstanceOfSatisfying(
              StatusRuntimeException.class,
              e -> {
                assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
                assertThat(e.getStatus().getDescription())
                    .startsWith("body is not an OTLP trace export");
              });
    } finally {
      channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }
  }

  @Test
  void eachCommitPublishesTheKeysItTouched() throws Exception {
    List<CommitSignals.Signal> signals = new CopyOnWriteArrayList<>();
    try (CommitSignalListener listener =
        new CommitSignalListener(ingester.dbUrl, null, null, signals::add)) {
      await().atMost(Duration.ofSeconds(10)).until(listener::isListening);
      Instant start = Instant.now().minusSeconds(1);
      ExportTraceServiceRequest req =
          request(
              List.of(attr("k8s.namespace.name", "signal-ns"), attr("service.name", "bot")),
              chat(start, "gpt-4o", 1, 1).addAttributes(attr("enduser.id", "bob")));
      Instant sent = Instant.now();
      try (Response r = post(req.toByteArray(), "application/x-protobuf", false)) {
        assertThat(r.code()).isEqualTo(200);
      }
      await().atMost(Duration.ofSeconds(1)).until(() -> !signals.isEmpty());
      assertThat(Duration.between(sent, Instant.now())).isLessThan(Duration.ofSeconds(1));
      CommitSignals.Signal signal = signals.get(0);
      assertThat(signal.keys())
          .containsExactly(new RollupKey("signal-ns", "bot", "bob", "openai", "gpt-4o"));
      assertThat(signal.from()).isEqualTo(start.truncatedTo(java.time.temporal.ChronoUnit.MICROS));
    }
  }
}
