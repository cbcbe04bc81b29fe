package io.llmcost.ledger;

import io.llmcost.model.TokenUsage;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * One priced LLM call as the ledger stores it.
 *
 * @param startTime the call's start, at microsecond precision (what PostgreSQL keeps)
 * @param model the priced model: the response model, else the request model
 * @param cost USD at nano scale; zero when {@code unpriced}
 * @param priceCatalog the LlmPricing object that priced it, null when unpriced
 * @param attributesJson the span's and resource's attributes as a JSON object (content excluded)
 * @param prompt redacted prompt content, only when content storage is on
 */
public record LedgerRow(
    byte[] traceId,
    byte[] spanId,
    Instant startTime,
    Instant endTime,
    String namespace,
    String application,
    String userId,
    String provider,
    String model,
    String requestModel,
    TokenUsage usage,
    BigDecimal cost,
    boolean unpriced,
    String priceCatalog,
    String priceModel,
    Long latencyMs,
    String attributesJson,
    String prompt,
    String response) {

  public LedgerRow {
    if (traceId == null || traceId.length != 16) {
      throw new IllegalArgumentException("trace id must be 16 bytes");
    }
    if (spanId == null || spanId.length != 8) {
      throw new IllegalArgumentException("span id must be 8 bytes");
    }
  }

  /** The dedupe identity of the call: trace id and span id, as hex. */
  public String callId() {
    return HexFormat.of().formatHex(traceId) + HexFormat.of().formatHex(spanId);
  }

  /** The rollup key this row adds to. */
  public RollupKey rollupKey() {
    return new RollupKey(namespace, application, userId, provider, model);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof LedgerRow other
        && Arrays.equals(traceId, other.traceId)
        && Arrays.equals(spanId, other.spanId)
        && startTime.equals(other.startTime);
  }

  @Override
  public int hashCode() {
    return 31 * Arrays.hashCode(traceId) + Arrays.hashCode(spanId);
  }

  @Override
  public String toString() {
    return "LedgerRow[" + callId() + " " + model + " " + cost + "]";
  }
}
