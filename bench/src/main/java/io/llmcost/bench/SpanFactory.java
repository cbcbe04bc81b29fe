package io.llmcost.bench;

import com.google.protobuf.ByteString;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Realistic LLM-call spans for load: 10 namespaces × 200 applications × 100 users, three models,
 * four attribute dialects (GenAI semconv new and deprecated, OpenLLMetry, OpenInference), start
 * times over the last hour, distinct ids. Requests are serialized up front.
 */
final class SpanFactory {
  private static final String[] MODELS = {"gpt-4o", "gpt-4o-mini", "claude-sonnet-4"};

  private SpanFactory() {}

  static List<byte[]> requests(int spans, int perRequest, long seed) {
    Random random = new Random(seed);
    List<byte[]> out = new ArrayList<>();
    Instant now = Instant.now();
    for (int done = 0; done < spans; ) {
      int n = Math.min(perRequest, spans - done);
      int app = random.nextInt(200);
      ScopeSpans.Builder scope = ScopeSpans.newBuilder();
      for (int i = 0; i < n; i++) {
        scope.addSpans(span(random, now));
      }
      out.add(
          ExportTraceServiceRequest.newBuilder()
              .addResourceSpans(
                  ResourceSpans.newBuilder()
                      .setResource(
                          Resource.newBuilder()
                              .addAttributes(kv("service.name", "app-" + app))
                              .addAttributes(kv("k8s.namespace.name", "ns-" + app % 10))
                              .addAttributes(kv("k8s.pod.name", "app-" + app + "-7f9c5-x2x4q"))
                              .addAttributes(kv("telemetry.sdk.language", "python")))
                      .addScopeSpans(scope))
              .build()
              .toByteArray());
      done += n;
    }
    return out;
  }

  /** A random trace (16 bytes) or span (8 bytes) id; never all zero, which OTLP rejects. */
  static ByteString randomId(Random random, int bytes) {
    byte[] id = new byte[bytes];
    random.nextBytes(id);
    id[0] |= 1;
    return ByteString.copyFrom(id);
  }

  private static Span span(Random random, Instant now) {
    ByteString trace = randomId(random, 16);
    ByteString spanId = randomId(random, 8);
    Instant start = now.minusMillis(random.nextInt(3_600_000));
    long startNanos = start.getEpochSecond() * 1_000_000_000L + start.getNano();
    String model = MODELS[random.nextInt(MODELS.length)];
    String provider = model.startsWith("claude") ? "anthropic" : "openai";
    long in = 200 + random.nextInt(4000);
    long out = 20 + random.nextInt(800);
    Span.Builder s =
        Span.newBuilder()
            .setTraceId(trace)
            .setSpanId(spanId)
            .setName("chat " + model)
            .setKind(Span.SpanKind.SPAN_KIND_CLIENT)
            .setStartTimeUnixNano(startNanos)
            .setEndTimeUnixNano(startNanos + 200_000_000L + random.nextInt(5_000_000) * 1000L)
            .addAttributes(kv("server.address", "api.example.com"));
    switch (random.nextInt(4)) {
      case 0 ->
          s.addAttributes(kv("gen_ai.provider.name", provider))
              .addAttributes(kv("gen_ai.request.model", model))
              .addAttributes(kv("gen_ai.response.model", model))
              .addAttributes(kv("gen_ai.usage.input_tokens", in))
              .addAttributes(kv("gen_ai.usage.output_tokens", out))
              .addAttributes(kv("gen_ai.usage.cache_read.input_tokens", random.nextInt(150)))
              .addAttributes(kv("enduser.id", "user-" + random.nextInt(100)));
      case 1 ->
          s.addAttributes(kv("gen_ai.system", provider))
              .addAttributes(kv("gen_ai.request.model", model))
              .addAttributes(kv("gen_ai.usage.prompt_tokens", in))
              .addAttributes(kv("gen_ai.usage.completion_tokens", out))
              .addAttributes(kv("user.id", "user-" + random.nextInt(100)));
      case 2 ->
          s.addAttributes(kv("llm.system", provider))
              .addAttributes(kv("llm.request.model", model))
              .addAttributes(kv("llm.usage.prompt_tokens", in))
              .addAttributes(kv("llm.usage.completion_tokens", out))
              .addAttributes(kv("llm.user", "user-" + random.nextInt(100)));
      default ->
          s.addAttributes(kv("llm.provider", provider))
              .addAttributes(kv("llm.model_name", model))
              .addAttributes(kv("llm.token_count.prompt", in))
              .addAttributes(kv("llm.token_count.completion", out));
    }
    return s.build();
  }

  static KeyValue kv(String key, String value) {
    return KeyValue.newBuilder()
        .setKey(key)
        .setValue(AnyValue.newBuilder().setStringValue(value))
        .build();
  }

  static KeyValue kv(String key, long value) {
    return KeyValue.newBuilder()
        .setKey(key)
        .setValue(AnyValue.newBuilder().setIntValue(value))
        .build();
  }
}
