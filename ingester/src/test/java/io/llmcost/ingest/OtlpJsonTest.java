package io.llmcost.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.trace.v1.Span;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class OtlpJsonTest {
  static final String BODY =
      """
      {"resourceSpans":[{"resource":{"attributes":[{"key":"service.name","value":{"stringValue":"chatbot"}}]},
        "scopeSpans":[{"scope":{"name":"test"},"spans":[{
          "traceId":"5b8efff798038103d269b633813fc60c","spanId":"eee19b7ec3c1b174",
          "parentSpanId":"","name":"chat","kind":3,
          "startTimeUnixNano":"1764158400000000000","endTimeUnixNano":"1764158401000000000",
          "attributes":[{"key":"gen_ai.request.model","value":{"stringValue":"gpt-4o"}},
                        {"key":"gen_ai.usage.input_tokens","value":{"intValue":"1000"}}],
          "someFutureField":true}]}]}]}
      """;

  @Test
  void readsHexIdsInt64StringsAndEnumNumbers() {
    ExportTraceServiceRequest r = OtlpJson.parse(BODY.getBytes(StandardCharsets.UTF_8));
    Span span = r.getResourceSpans(0).getScopeSpans(0).getSpans(0);
    assertThat(HexFormat.of().formatHex(span.getTraceId().toByteArray()))
        .isEqualTo("5b8efff798038103d269b633813fc60c");
    assertThat(HexFormat.of().formatHex(span.getSpanId().toByteArray()))
        .isEqualTo("eee19b7ec3c1b174");
    assertThat(span.getStartTimeUnixNano()).isEqualTo(1764158400000000000L);
    assertThat(span.getKind()).isEqualTo(Span.SpanKind.SPAN_KIND_CLIENT);
    assertThat(span.getAttributes(1).getValue().getIntValue()).isEqualTo(1000);
  }

  @Test
  void badIdsAndBadJsonAreNamed() {
    String badHex = BODY.replace("eee19b7ec3c1b174", "not-hex!");
    assertThatThrownBy(() -> OtlpJson.parse(badHex.getBytes(StandardCharsets.UTF_8)))
        .isInstanceOf(MalformedRequestException.class)
        .hasMessage("spanId \"not-hex!\" is not a hex string");
    assertThatThrownBy(
            () -> OtlpJson.parse("{\"resourceSpans\":[".getBytes(StandardCharsets.UTF_8)))
        .isInstanceOf(MalformedRequestException.class)
        .hasMessageStartingWith("body is not valid JSON");
    assertThatThrownBy(
            () -> OtlpJson.parse("{\"resourceSpans\":\"nope\"}".getBytes(StandardCharsets.UTF_8)))
        .isInstanceOf(MalformedRequestException.class)
        .hasMessageStartingWith("body is not an OTLP trace export");
  }
}
