package io.llmcost.ingest;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.protobuf.ByteString;
import io.llmcost.ledger.LedgerRow;
import io.llmcost.pricing.PriceCatalog;
import io.llmcost.pricing.PricingResult;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Turns an OTLP export into priced ledger rows: LLM-call spans are attributed and priced with the
 * current catalog, other spans are ignored, and LLM-call spans that can't be used are rejected with
 * a reason (never stored half-right).
 */
public final class SpanConverter {
  /** Spans may start this far ahead of our clock (clock skew) before they are rejected. */
  static final Duration MAX_FUTURE_SKEW = Duration.ofHours(1);

  /** No single LLM call lasts longer; a later end time is a broken clock or a broken span. */
  static final Duration MAX_DURATION = Duration.ofHours(24);

  private static final ByteString ZERO_TRACE = ByteString.copyFrom(new byte[16]);
  private static final ByteString ZERO_SPAN = ByteString.copyFrom(new byte[8]);
  private static final int MAX_REASONS = 5;
  private static final int MAX_ATTRIBUTE_CHARS = 4096;
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Supplier<PriceCatalog> catalog;
  private final Clock clock;
  private final boolean storeContent;
  private final Duration retention;

  /**
   * @param retention calls older than this are rejected (they would be dropped anyway); null keeps
   *     everything
   */
  public SpanConverter(
      Supplier<PriceCatalog> catalog, Clock clock, boolean storeContent, Duration retention) {
    this.catalog = catalog;
    this.clock = clock;
    this.storeContent = storeContent;
    this.retention = retention;
  }

  /**
   * The outcome for one export request.
   *
   * @param rows the priced calls to store
   * @param ignored spans that are not LLM calls
   * @param rejected LLM-call spans that can't be used
   * @param rejectionMessage the first few reasons, for OTLP partial_success
   */
  public record Conversion(
      List<LedgerRow> rows, int ignored, int rejected, String rejectionMessage) {
    public int unpriced() {
      return (int) rows.stream().filter(LedgerRow::unpriced).count();
    }
  }

  public Conversion convert(ExportTraceServiceRequest request) {
    PriceCatalog prices = catalog.get();
    Instant now = clock.instant();
    List<LedgerRow> rows = new ArrayList<>();
    List<String> reasons = new ArrayList<>();
    int ignored = 0;
    int rejected = 0;
    for (ResourceSpans resourceSpans : request.getResourceSpansList()) {
      Map<String, AnyValue> resource =
          SpanAttributes.index(resourceSpans.getResource().getAttributesList());
      for (ScopeSpans scopeSpans : resourceSpans.getScopeSpansList()) {
        for (Span span : scopeSpans.getSpansList()) {
          SpanAttributes attributes =
              new SpanAttributes(SpanAttributes.index(span.getAttributesList()), resource);
          Attribution.Result result = Attribution.read(attributes);
          if (result instanceof Attribution.NotAnLlmCall) {
            ignored++;
            continue;
          }
          String problem =
              result instanceof Attribution.Unusable u ? u.reason() : spanProblem(span, now);
          if (problem != null) {
            rejected++;
            if (reasons.size() < MAX_REASONS) {
              reasons.add("span " + describe(span) + ": " + problem);
            }
            continue;
          }
          rows.add(row(span, (Attribution.Call) result, attributes, prices));
        }
      }
    }
    String message = null;
    if (rejected > 0) {
      message =
          rejected
              + " LLM span(s) rejected: "
              + String.join("; ", reasons)
              + (rejected > reasons.size() ? "; …" : "");
    }
    return new Conversion(rows, ignored, rejected, message);
  }

  private String spanProblem(Span span, Instant now) {
    if (span.getTraceId().size() != 16 || span.getTraceId().equals(ZERO_TRACE)) {
      return "missing or invalid trace id (need 16 bytes, not all zero)";
    }
    if (span.getSpanId().size() != 8 || span.getSpanId().equals(ZERO_SPAN)) {
      return "missing or invalid span id (need 8 bytes, not all zero)";
    }
    if (span.getStartTimeUnixNano() == 0) {
      return "missing start time";
    }
    Instant start = instant(span.getStartTimeUnixNano());
    if (start.isAfter(now.plus(MAX_FUTURE_SKEW))) {
      return "start time " + start + " is more than " + MAX_FUTURE_SKEW + " in the future";
    }
    if (retention != null && start.isBefore(now.minus(retention))) {
      return "start time " + start + " is older than the retention period " + retention;
    }
    if (span.getEndTimeUnixNano() != 0
        && Long.compareUnsigned(span.getEndTimeUnixNano(), span.getStartTimeUnixNano()) < 0) {
      return "end time is before start time";
    }
    if (span.getEndTimeUnixNano() != 0
        && Duration.between(start, instant(span.getEndTimeUnixNano())).compareTo(MAX_DURATION)
            > 0) {
      return "the call lasted more than " + MAX_DURATION.toHours() + " hours (end time)";
    }
    return null;
  }

  private LedgerRow row(
      Span span, Attribution.Call call, SpanAttributes attributes, PriceCatalog prices) {
    // PostgreSQL keeps microseconds; truncating here keeps the row's day and dedupe key stable.
    Instant start = instant(span.getStartTimeUnixNano()).truncatedTo(ChronoUnit.MICROS);
    Instant end =
        span.getEndTimeUnixNano() == 0
            ? null
            : instant(span.getEndTimeUnixNano()).truncatedTo(ChronoUnit.MICROS);
    PricingResult price =
        prices.price(
            call.provider().isEmpty() ? null : call.provider(), call.model(), start, call.usage());
    PricingResult.Priced priced = price instanceof PricingResult.Priced p ? p : null;
    return new LedgerRow(
        span.getTraceId().toByteArray(),
        span.getSpanId().toByteArray(),
        start,
        end,
        call.namespace(),
        call.application(),
        call.user(),
        call.provider(),
        call.model(),
        call.requestModel(),
        call.usage(),
        price.cost(),
        priced == null,
        priced == null ? null : priced.catalog(),
        priced == null ? null : priced.modelEntry(),
        end == null ? null : Duration.between(start, end).toMillis(),
        attributesJson(attributes),
        storeContent ? Content.prompt(span) : null,
        storeContent ? Content.response(span) : null);
  }

  private static String attributesJson(SpanAttributes attributes) {
    ObjectNode node = JSON.createObjectNode();
    attributes.forEach(
        (key, value) -> {
          if (Content.isContent(key) || Attribution.COLUMN_KEYS.contains(key)) {
            return; // content is private; attribution keys already have their columns
          }
          switch (value.getValueCase()) {
            case STRING_VALUE -> node.put(truncate(key), truncate(value.getStringValue()));
            case INT_VALUE -> node.put(truncate(key), value.getIntValue());
            case DOUBLE_VALUE -> {
              if (Double.isFinite(value.getDoubleValue())) {
                node.put(truncate(key), value.getDoubleValue());
              }
            }
            case BOOL_VALUE -> node.put(truncate(key), value.getBoolValue());
            default -> {
              // arrays and maps are not selectable by budgets; leave them out
            }
          }
        });
    return node.toString();
  }

  /** At most MAX_ATTRIBUTE_CHARS, without NUL (PostgreSQL's jsonb and text cannot hold it). */
  private static String truncate(String s) {
    String cut = s.length() <= MAX_ATTRIBUTE_CHARS ? s : s.substring(0, MAX_ATTRIBUTE_CHARS);
    return cut.indexOf('\u0000') < 0 ? cut : cut.replace("\u0000", "");
  }

  private static Instant instant(long unixNanos) {
    return Instant.ofEpochSecond(
        Long.divideUnsigned(unixNanos, 1_000_000_000L),
        Long.remainderUnsigned(unixNanos, 1_000_000_000L));
  }

  private static String describe(Span span) {
    HexFormat hex = HexFormat.of();
    return hex.formatHex(span.getTraceId().toByteArray())
        + "/"
        + hex.formatHex(span.getSpanId().toByteArray())
        + (span.getName().isEmpty() ? "" : " (" + span.getName() + ")");
  }
}
