package io.llmcost.ingester;

import static io.llmcost.ingest.OtlpSpans.attr;
import static io.llmcost.ingest.OtlpSpans.request;
import static io.llmcost.ingest.OtlpSpans.span;
import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import java.time.Instant;
import java.util.List;
import okhttp3.Response;
import org.junit.jupiter.api.Test;

/**
 * One call per instrumentation dialect through OTLP into the ledger: each lands with the same
 * columns and cost. (AttributionTest covers every single key of the table.)
 */
class DialectsIT {

  @Test
  void everyDialectLandsInTheSameColumns() throws Exception {
    Instant t = Instant.now();
    ExportTraceServiceRequest req =
        request(
            List.of(
                attr("k8s.namespace.name", "dialects"),
                attr("service.name", "from-resource"),
                attr("enduser.id", "resource-user")),
            // GenAI semantic conventions v1.41+
            span(
                t,
                attr("gen_ai.provider.name", "openai"),
                attr("gen_ai.request.model", "gpt-4o"),
                attr("gen_ai.response.model", "gpt-4o"),
                attr("gen_ai.usage.input_tokens", 1000),
                attr("gen_ai.usage.cache_read.input_tokens", 400),
                attr("gen_ai.usage.output_tokens", 100),
                attr("gen_ai.usage.reasoning.output_tokens", 40),
                attr("gen_ai.user.id", "semconv")),
            // GenAI semantic conventions, deprecated names
            span(
                t,
                attr("gen_ai.system", "openai"),
                attr("gen_ai.request.model", "gpt-4o"),
                attr("gen_ai.usage.prompt_tokens", 1000),
                attr("gen_ai.usage.cache_read_input_tokens", 400),
                attr("gen_ai.usage.completion_tokens", 100),
                attr("user.id", "deprecated")),
            // OpenLLMetry
            span(
                t,
                attr("llm.system", "openai"),
                attr("llm.request.model", "gpt-4o"),
                attr("llm.response.model", "gpt-4o"),
                attr("llm.usage.prompt_tokens", 1000),
                attr("llm.usage.completion_tokens", 100),
                attr("llm.user", "openllmetry")),
            // OpenInference
            span(
                t,
                attr("llm.provider", "openai"),
                attr("llm.model_name", "gpt-4o"),
                attr("llm.token_count.prompt", 1000),
                attr("llm.token_count.prompt_details.cache_read", 400),
                attr("llm.token_count.completion", 100),
                attr("llm.token_count.completion_details.reasoning", 40)),
            // Anthropic through the newest names: input excludes the cache, 1h cache writes
            span(
                t,
                attr("gen_ai.provider.name", "anthropic"),
                attr("gen_ai.request.model", "claude-sonnet-4"),
                attr("gen_ai.usage.input_tokens", 10),
                attr("gen_ai.usage.cache_creation.input_tokens", 1000),
                attr("llmcost.cache_write_ttl", "1h"),
                attr("gen_ai.usage.output_tokens", 100)));
    try (Response r = ingester.postOtlp(req)) {
      assertThat(r.code()).isEqualTo(200);
    }
    List<String> rows =
        List.of(
            ingester
                .query(
                    "SELECT string_agg(concat_ws(' ', user_id, application, provider, model,"
                        + " input_tokens, cache_read_tokens, cache_write_tokens, output_tokens,"
                        + " reasoning_tokens, cost), E'\\n' ORDER BY user_id)"
                        + " FROM llm_calls WHERE namespace = 'dialects'")
                .split("\n"));
    // 600 × 2.50 + 400 × 1.25 + 100 × 10.00 = 0.003; without cache: 1000 × 2.50 + 100 × 10.00 =
    // 0.0035
    // claude: input raised to 1000, all of it 1h cache writes: 1000 × 6.00 + 100 × 15.00 = 0.0075
    assertThat(rows)
        .containsExactlyInAnyOrder(
            "deprecated from-resource openai gpt-4o 1000 400 0 100 0 0.003000000",
            "openllmetry from-resource openai gpt-4o 1000 0 0 100 0 0.003500000",
            "resource-user from-resource anthropic claude-sonnet-4 1000 0 1000 100 0 0.007500000",
            "resource-user from-resource openai gpt-4o 1000 400 0 100 40 0.003000000",
            "semconv from-resource openai gpt-4o 1000 400 0 100 40 0.003000000");
  }

  private static TestIngester ingester;

  @org.junit.jupiter.api.BeforeAll
  static void start() throws Exception {
    ingester = TestIngester.start(c -> c);
  }

  @org.junit.jupiter.api.AfterAll
  static void stop() throws Exception {
    ingester.close();
  }
}
