package io.llmcost.ingester;

import static io.llmcost.ingest.OtlpSpans.attr;
import static io.llmcost.ingest.OtlpSpans.chat;
import static io.llmcost.ingest.OtlpSpans.request;
import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.ArrayValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.trace.v1.Span;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import okhttp3.MediaType;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.junit.jupiter.api.Test;

/**
 * 10,000 generated bad or odd OTLP payloads (seeded, reproducible), protobuf and JSON: truncated
 * and corrupted bodies, wrong types, huge and many attributes, negative, overflowing and NaN token
 * counts, invalid UTF-8, deep nesting, a 50 MB body. No crash, no 5xx, a clear 4xx or 200 with
 * partial_success, and nothing stored from a refused request.
 */
class OtlpFuzzIT {
  private static final int CASES = 10_000;

  @Test
  void generatedBadInputGetsClearAnswersAndNothingPartial() throws Exception {
    Map<String, Integer> outcomes = new TreeMap<>();
    try (TestIngester ingester = TestIngester.start(c -> c)) {
      Random random = new Random(20261127);
      long rows = ingester.count("SELECT count(*) FROM llm_calls");
      for (int i = 0; i < CASES; i++) {
        int kind = random.nextInt(10);
        boolean json = kind >= 8;
        byte[] body = json ? jsonCase(random) : protobufCase(random, kind);
        int spans = json ? 1 : countSpans(body);
        try (Response r =
            post(ingester, body, json ? "application/json" : "application/x-protobuf")) {
          int status = r.code();
          outcomes.merge(status + (json ? " json" : " protobuf"), 1, Integer::sum);
          assertThat(status).as("case %d", i).isIn(200, 400, 413, 415);
          long now = ingester.count("SELECT count(*) FROM llm_calls");
          if (status != 200) {
            assertThat(now)
                .as("case %d refused with %d but stored rows", i, status)
                .isEqualTo(rows);
            assertThat(r.body().string()).as("case %d explains itself", i).isNotBlank();
          } else {
            assertThat(now - rows)
                .as("case %d stored at most its spans", i)
                .isBetween(0L, (long) spans);
          }
          rows = now;
        }
      }
      // one 50 MB body
      try (Response r = post(ingester, new byte[50 * 1024 * 1024], "application/x-protobuf")) {
        assertThat(r.code()).isEqualTo(413);
      }
      assertThat(ingester.get("/live").status()).isEqualTo(200);
      assertThat(ingester.get("/ready").status()).isEqualTo(200);
    }
    System.out.println("fuzz outcomes: " + outcomes);
    assertThat(outcomes.keySet())
        .anyMatch(k -> k.startsWith("200"))
        .anyMatch(k -> k.startsWith("400"));
  }

  private static Response post(TestIngester ingester, byte[] body, String type) throws Exception {
    return TestIngester.HTTP
        .newCall(
            new Request.Builder()
                .url(ingester.otlpHttpUrl())
                .post(RequestBody.create(body, MediaType.get(type)))
                .build())
        .execute();
  }

  private static int countSpans(byte[] body) {
    try {
      ExportTraceServiceRequest r = ExportTraceServiceRequest.parseFrom(body);
      return r.getResourceSpansList().stream()
          .flatMap(rs -> rs.getScopeSpansList().stream())
          .mapToInt(ss -> ss.getSpansCount())
          .sum();
    } catch (Exception e) {
      return 0;
    }
  }

  private static byte[] protobufCase(Random random, int kind) {
    byte[] valid = validRequest(random).toByteArray();
    return switch (kind) {
      case 0 -> java.util.Arrays.copyOf(valid, random.nextInt(valid.length)); // truncated
      case 1 -> { // corrupted bytes
        byte[] copy = valid.clone();
        for (int n = 0; n < 1 + random.nextInt(8); n++) {
          copy[random.nextInt(copy.length)] = (byte) random.nextInt(256);
        }
        yield copy;
      }
      case 2 -> oddTokens(random).toByteArray();
      case 3 -> hugeAttributes(random).toByteArray();
      case 4 -> invalidUtf8(valid);
      case 5 -> deepNesting(random).toByteArray();
      case 6 -> { // random garbage
        byte[] garbage = new byte[random.nextInt(2048)];
        random.nextBytes(garbage);
        yield garbage;
      }
      default -> validRequest(random).toByteArray();
    };
  }

  private static ExportTraceServiceRequest validRequest(Random random) {
    return request(
        List.of(attr("k8s.namespace.name", "fuzz")),
        chat(
            Instant.now().minusSeconds(random.nextInt(3600)),
            "gpt-4o",
            random.nextInt(10_000),
            random.nextInt(1_000)));
  }

  private static ExportTraceServiceRequest oddTokens(Random random) {
    AnyValue[] odd = {
      AnyValue.newBuilder().setIntValue(-random.nextInt(1000) - 1).build(),
      AnyValue.newBuilder().setIntValue(Long.MAX_VALUE).build(),
      AnyValue.newBuilder().setIntValue(Long.MIN_VALUE).build(),
      AnyValue.newBuilder().setDoubleValue(Double.NaN).build(),
      AnyValue.newBuilder().setDoubleValue(Double.POSITIVE_INFINITY).build(),
      AnyValue.newBuilder().setDoubleValue(1e300).build(),
      AnyValue.newBuilder().setStringValue("lots").build(),
      AnyValue.newBuilder().setBoolValue(true).build(),
      AnyValue.newBuilder()
          .setArrayValue(ArrayValue.newBuilder().addValues(AnyValue.newBuilder().setIntValue(5)))
          .build(),
    };
    String[] keys = {
      "gen_ai.usage.input_tokens",
      "gen_ai.usage.output_tokens",
      "gen_ai.usage.cache_read.input_tokens",
      "llm.token_count.prompt",
      "gen_ai.usage.reasoning.output_tokens"
    };
    Span.Builder span =
        chat(Instant.now(), "gpt-4o", 10, 10)
            .addAttributes(
                KeyValue.newBuilder()
                    .setKey(keys[random.nextInt(keys.length)])
                    .setValue(odd[random.nextInt(odd.length)]));
    return request(List.of(attr("k8s.namespace.name", "fuzz")), span);
  }

  private static ExportTraceServiceRequest hugeAttributes(Random random) {
    Span.Builder span =
        chat(
            Instant.now(),
            random.nextBoolean() ? "gpt-4o" : "x".repeat(random.nextInt(20_000)),
            10,
            10);
    int n = random.nextInt(2000);
    for (int i = 0; i < n; i++) {
      span.addAttributes(attr("custom." + i, "v".repeat(random.nextInt(200))));
    }
    span.addAttributes(attr("huge", "h".repeat(100_000 + random.nextInt(400_000))));
    return request(List.of(attr("k8s.namespace.name", "fuzz")), span);
  }

  /** A valid request whose first string field bytes get an invalid UTF-8 sequence. */
  private static byte[] invalidUtf8(byte[] valid) {
    byte[] copy = valid.clone();
    String s = new String(copy, StandardCharsets.ISO_8859_1);
    int at = s.indexOf("fuzz");
    if (at >= 0) {
      copy[at] = (byte) 0xC3;
      copy[at + 1] = (byte) 0x28;
    }
    return copy;
  }

  private static ExportTraceServiceRequest deepNesting(Random random) {
    AnyValue value = AnyValue.newBuilder().setStringValue("leaf").build();
    int depth = 50 + random.nextInt(300);
    for (int i = 0; i < depth; i++) {
      value = AnyValue.newBuilder().setArrayValue(ArrayValue.newBuilder().addValues(value)).build();
    }
    Span.Builder span =
        chat(Instant.now(), "gpt-4o", 1, 1)
            .addAttributes(KeyValue.newBuilder().setKey("deep").setValue(value));
    return request(List.of(attr("k8s.namespace.name", "fuzz")), span);
  }

  private static byte[] jsonCase(Random random) {
    String trace = java.util.HexFormat.of().formatHex(io.llmcost.ingest.OtlpSpans.randomBytes(16));
    long start = System.currentTimeMillis() * 1_000_000L;
    String tokens =
        switch (random.nextInt(6)) {
          case 0 -> "\"-5\"";
          case 1 -> "\"99999999999999999999999\"";
          case 2 -> "\"NaN\"";
          case 3 -> "{\"nested\": true}";
          case 4 -> "12.5";
          default -> "\"" + random.nextInt(5000) + "\"";
        };
    String valid =
        """
        {"resourceSpans":[{"resource":{"attributes":[{"key":"k8s.namespace.name","value":{"stringValue":"fuzz"}}]},
          "scopeSpans":[{"spans":[{"traceId":"%s","spanId":"00f067aa0ba902b7","name":"chat",
            "startTimeUnixNano":"%d","endTimeUnixNano":"%d",
            "attributes":[{"key":"gen_ai.request.model","value":{"stringValue":"gpt-4o"}},
              {"key":"gen_ai.usage.input_tokens","value":{"intValue":%s}}]}]}]}]}
        """
            .formatted(trace, start, start + 1000, tokens);
    return switch (random.nextInt(5)) {
      case 0 -> valid.substring(0, random.nextInt(valid.length())).getBytes(StandardCharsets.UTF_8);
      case 1 ->
          valid.replace("\"spans\":[", "\"spans\":5,\"x\":[").getBytes(StandardCharsets.UTF_8);
      case 2 -> ("[".repeat(2000) + "]".repeat(2000)).getBytes(StandardCharsets.UTF_8);
      case 3 -> valid.replace("traceId\":\"", "traceId\":\"zz").getBytes(StandardCharsets.UTF_8);
      default -> valid.getBytes(StandardCharsets.UTF_8);
    };
  }
}
