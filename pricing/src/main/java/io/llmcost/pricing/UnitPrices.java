package io.llmcost.pricing;

import io.llmcost.model.Money;
import io.llmcost.model.TokenUsage;
import java.math.BigDecimal;

/**
 * The prices that apply to one call after tier selection and fallbacks, in USD per 1M tokens.
 *
 * @param cacheWrite the price of this call's cache writes (one-hour or five-minute, as it used)
 */
public record UnitPrices(
    BigDecimal input,
    BigDecimal output,
    BigDecimal cacheRead,
    BigDecimal cacheWrite,
    BigDecimal reasoning) {

  private static final BigDecimal ONE_MILLION = BigDecimal.valueOf(1_000_000);

  /**
   * CONTRACT.md's formula, exact in BigDecimal and rounded HALF_EVEN to nano-USD once at the end:
   * (uncached·input + cacheRead·cacheRead + cacheWrite·cacheWrite + (output − reasoning)·output +
   * reasoning·reasoning) / 1,000,000.
   */
  public BigDecimal cost(TokenUsage usage) {
    TokenUsage u = usage.normalized();
    BigDecimal perMillion =
        input
            .multiply(BigDecimal.valueOf(u.uncachedInput()))
            .add(cacheRead.multiply(BigDecimal.valueOf(u.cacheRead())))
            .add(cacheWrite.multiply(BigDecimal.valueOf(u.cacheWrite())))
            .add(output.multiply(BigDecimal.valueOf(u.output() - u.reasoning())))
            .add(reasoning.multiply(BigDecimal.valueOf(u.reasoning())));
    return Money.nanos(perMillion.divide(ONE_MILLION));
  }
}
