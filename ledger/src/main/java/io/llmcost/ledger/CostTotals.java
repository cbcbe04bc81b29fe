package io.llmcost.ledger;

import io.llmcost.model.Money;
import java.math.BigDecimal;

/** Sums over a set of calls; cost in USD at nano scale. */
public record CostTotals(
    BigDecimal cost,
    long requests,
    long inputTokens,
    long outputTokens,
    long cacheReadTokens,
    long cacheWriteTokens,
    long reasoningTokens,
    long unpricedRequests) {

  public static final CostTotals ZERO = new CostTotals(Money.ZERO, 0, 0, 0, 0, 0, 0, 0);

  public CostTotals plus(CostTotals o) {
    return new CostTotals(
        cost.add(o.cost),
        requests + o.requests,
        inputTokens + o.inputTokens,
        outputTokens + o.outputTokens,
        cacheReadTokens + o.cacheReadTokens,
        cacheWriteTokens + o.cacheWriteTokens,
        reasoningTokens + o.reasoningTokens,
        unpricedRequests + o.unpricedRequests);
  }
}
