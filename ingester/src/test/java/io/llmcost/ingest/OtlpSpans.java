package io.llmcost.ingest;

import com.google.protobuf.ByteString;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/** Builds OTLP protobuf spans for tests. */
public final class OtlpSpans {
  private OtlpSpans() {}

  public static KeyValue attr(String key, String value) {
    return KeyValue.newBuilder()
        .setKey(key)
        .setValue(AnyValue.newBuilder().setStringValue(value))
        .build();
  }

  public static KeyValue attr(String key, long value) {
    return KeyValue.newBuilder()
        .setKey(key)
        .setValue(AnyValue.newBuilder().setIntValue(value))
        .build();
  }

  public static KeyValue attr(String key, double value) {
    return KeyValue.newBuilder()
        .setKey(key)
        .setValue(AnyValue.newBuilder().setDoubleValue(value))
        .build();
  }

  public static byte[] randomBytes(int n) {
    byte[] bytes = new byte[n];
    ThreadLocalRandom.current().nextBytes(bytes);
    bytes[0] |= 1; // never all zero
    return bytes;
  }

  /** A span started at {@code start} lasting 1.5 s, with random ids. */
  public static Span.Builder span(Instant start, KeyValue... attributes) {
    long startNanos = start.getEpochSecond() * 1_000_000_000L + start.getNano();
    return Span.newBuilder()
        .setTraceId(ByteString.copyFrom(randomBytes(16)))
        .setSpanId(ByteString.copyFrom(randomBytes(8)))
        .setName("chat")
        .setKind(Span.SpanKind.SPAN_KIND_CLIENT)
        .setStartTimeUnixNano(startNanos)
        .setEndTimeUnixNano(startNanos + 1_500_000_000L)
        .addAllAttributes(List.of(attributes));
  }

  /** An OpenAI-style chat span in GenAI semantic conventions. */
  public static Span.Builder chat(Instant start, String model, long input, long output) {
    return span(
        start,
        attr("gen_ai.operation.name", "chat"),
        attr("gen_ai.provider.name", "openai"),
        attr("gen_ai.request.model", model),
        attr("gen_ai.response.model", model),
        attr("gen_ai.usage.input_tokens", input),
        attr("gen_ai.usage.output_tokens", output));
  }

  public static ExportTraceServiceRequest request(List<KeyValue> resource, Span.Builder... spans) {
    ScopeSpans.Builder scope = ScopeSpans.newBuilder();
    for (Span.Builder s : spans) {
      scope.addSpans(s);
    }
    return ExportTraceServiceRequest.newBuilder()
        .addResourceSpans(
            ResourceSpans.newBuilder()
                .setResource(Resource.newBuilder().addAllAttributes(resource))
                .addScopeSpans(scope))
        .build();
  }

  /** The resource attributes of an app "chatbot" in namespace "search". */
  public static List<KeyValue> chatbot() {
    return List.of(attr("service.name", "chatbot"), attr("k8s.namespace.name", "search"));
  }
}
