package io.llmcost.ingest;

import static io.llmcost.ingest.OtlpSpans.attr;
import static io.llmcost.ingest.OtlpSpans.chat;
import static io.llmcost.ingest.OtlpSpans.chatbot;
import static io.llmcost.ingest.OtlpSpans.request;
import static io.llmcost.ingest.OtlpSpans.span;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import io.llmcost.ledger.LedgerRow;
import io.opentelemetry.proto.trace.v1.Span;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class SpanConverterTest {
  private static final Instant NOW = Instant.parse("2026-11-26T12:00:00Z");
  private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
  private final SpanConverter converter =
      new SpanConverter(TestCatalog::engine, CLOCK, false, Duration.ofDays(400));

  private LedgerRow only(Span.Builder span) {
    SpanConverter.Conversion c = converter.convert(request(chatbot(), span));
    assertThat(c.rejectionMessage()).isNull();
    assertThat(c.rows()).hasSize(1);
    return c.rows().get(0);
  }

  @Test
  void pricesACallAtTheCatalogsRates() {
    LedgerRow row = only(chat(NOW.minusSeconds(5), "gpt-4o", 1000, 500));
    // 1000 × 2.50/1M + 500 × 10.00/1M
    assertThat(row.cost()).isEqualByComparingTo(new BigDecimal("0.0075"));
    assertThat(row.unpriced()).isFalse();
    assertThat(row.priceCatalog()).isEqualTo("openai");
    assertThat(row.namespace()).isEqualTo("search");
    assertThat(row.application()).isEqualTo("chatbot");
    assertThat(row.provider()).isEqualTo("openai");
    assertThat(row.latencyMs()).isEqualTo(1500);
  }

  @Test
  void cacheReadsAndOneHourCacheWritesUseTheirOwnPrices() {
    LedgerRow cached =
        only(
            chat(NOW.minusSeconds(5), "gpt-4o", 1000, 100)
                .addAttributes(attr("gen_ai.usage.cache_read.input_tokens", 400)));
    // 600 × 2.50 + 400 × 1.25 + 100 × 10.00, per 1M
    assertThat(cached.cost()).isEqualByComparingTo(new BigDecimal("0.003"));

    LedgerRow claude =
        only(
            span(
                NOW.minusSeconds(5),
                attr("gen_ai.provider.name", "anthropic"),
                attr("gen_ai.request.model", "claude-sonnet-4"),
                attr("gen_ai.usage.input_tokens", 1000),
                attr("gen_ai.usage.cache_creation.input_tokens", 200),
                attr("llmcost.cache_write_ttl", "1h"),
                attr("gen_ai.usage.output_tokens", 100)));
    // 800 × 3.00 + 200 × 6.00 (1h write) + 100 × 15.00, per 1M
    assertThat(claude.cost()).isEqualByComparingTo(new BigDecimal("0.0051"));
  }

  @Test
  void anUnknownModelIsStoredUnpricedNotFree() {
    LedgerRow row = only(chat(NOW.minusSeconds(5), "gpt-9-ultra", 1000, 500));
    assertThat(row.unpriced()).isTrue();
    assertThat(row.cost()).isEqualByComparingTo(BigDecimal.ZERO);
    assertThat(row.priceCatalog()).isNull();
  }

  @Test
  void nonLlmSpansAreIgnoredAndCounted() {
    SpanConverter.Conversion c =
        converter.convert(
            request(
                chatbot(),
                span(NOW, attr("http.request.method", "GET")),
                chat(NOW, "gpt-4o", 1, 1)));
    assertThat(c.ignored()).isEqualTo(1);
    assertThat(c.rows()).hasSize(1);
    assertThat(c.rejected()).isZero();
  }

  @Test
  void unusableSpansAreRejectedWithReasonsAndTheRestKept() {
    Span.Builder zeroTrace =
        chat(NOW, "gpt-4o", 1, 1).setTraceId(ByteString.copyFrom(new byte[16]));
    Span.Builder noSpanId = chat(NOW, "gpt-4o", 1, 1).setSpanId(ByteString.EMPTY);
    Span.Builder noStart = chat(NOW, "gpt-4o", 1, 1).setStartTimeUnixNano(0);
    Span.Builder future = chat(NOW.plus(Duration.ofHours(2)), "gpt-4o", 1, 1);
    Span.Builder ancient = chat(NOW.minus(Duration.ofDays(401)), "gpt-4o", 1, 1);
    Span.Builder backwards = chat(NOW, "gpt-4o", 1, 1).setEndTimeUnixNano(1);
    Span.Builder negative =
        span(NOW, attr("gen_ai.request.model", "gpt-4o"), attr("gen_ai.usage.input_tokens", -1));
    Span.Builder good = chat(NOW, "gpt-4o", 1, 1);

    SpanConverter.Conversion c =
        converter.convert(
            request(
                chatbot(), zeroTrace, noSpanId, noStart, future, ancient, backwards, negative,
                good));

    assertThat(c.rows()).hasSize(1);
    assertThat(c.rejected()).isEqualTo(7);
    assertThat(c.rejectionMessage())
        .startsWith("7 LLM span(s) rejected: ")
        .contains("missing or invalid trace id")
        .contains("missing or invalid span id")
        .contains("missing start time")
        .contains("in the future")
        .contains("older than the retention period")
        .endsWith("; …"); // only the first five reasons are spelled out
  }

  @Test
  void endBeforeStartAndNegativeCountsAreNamed() {
    SpanConverter.Conversion c =
        converter.convert(
            request(
                chatbot(),
                chat(NOW, "gpt-4o", 1, 1).setEndTimeUnixNano(1),
                span(
                    NOW,
                    attr("gen_ai.request.model", "gpt-4o"),
                    attr("gen_ai.usage.input_tokens", -1))));
    assertThat(c.rejectionMessage())
        .contains("end time is before start time")
        .contains("gen_ai.usage.input_tokens is negative (-1)");
  }

  @Test
  void startTimesKeepMicrosecondsOnly() {
    LedgerRow row = only(chat(Instant.parse("2026-11-26T11:59:59.999999999Z"), "gpt-4o", 1, 1));
    assertThat(row.startTime()).isEqualTo(Instant.parse("2026-11-26T11:59:59.999999Z"));
  }

  @Test
  void contentIsNotStoredByDefaultNorKeptAmongAttributes() {
    LedgerRow row =
        only(
            chat(NOW, "gpt-4o", 1, 1)
                .addAttributes(attr("gen_ai.prompt.0.content", "mail me at a@b.example"))
                .addAttributes(attr("gen_ai.completion.0.content", "sure"))
                .addAttributes(attr("team", "search")));
    assertThat(row.prompt()).isNull();
    assertThat(row.response()).isNull();
    assertThat(row.attributesJson()).contains("\"team\":\"search\"").doesNotContain("a@b.example");
  }

  @Test
  void storedContentIsRedacted() {
    SpanConverter storing = new SpanConverter(TestCatalog::engine, CLOCK, true, null);
    Span.Builder span =
        chat(NOW, "gpt-4o", 1, 1)
            .addAttributes(
                attr(
                    "gen_ai.input.messages",
                    "[{\"role\":\"user\",\"content\":\"I am jane@corp.example, key sk-abcdefghijklmnopqrstuv\"}]"))
            .addAttributes(attr("gen_ai.output.messages", "Call +1 415 555 0100"));
    LedgerRow row = storing.convert(request(chatbot(), span)).rows().get(0);
    assertThat(row.prompt())
        .contains("[REDACTED_EMAIL]")
        .contains("[REDACTED_API_KEY]")
        .doesNotContain("jane@corp.example")
        .doesNotContain("sk-abcdefghijklmnopqrstuv");
    assertThat(row.response()).isEqualTo("Call [REDACTED_PHONE]");
  }

  @Test
  void absurdDurationsAreRejected() {
    Span.Builder span = chat(NOW, "gpt-4o", 1, 1).setEndTimeUnixNano(Long.MAX_VALUE);
    SpanConverter.Conversion c = converter.convert(request(chatbot(), span));
    assertThat(c.rows()).isEmpty();
    assertThat(c.rejectionMessage()).contains("the call lasted more than 24 hours");
  }
}
