package io.llmcost.pricing;

import java.math.BigDecimal;
import java.time.Instant;

/** The outcome of pricing one call: a cost, or a clear statement that no price applies. */
public sealed interface PricingResult {

  /** Whether a price applied. */
  boolean priced();

  /** The cost in USD at nano scale; zero for an unpriced call, which is flagged, never hidden. */
  BigDecimal cost();

  /**
   * A priced call.
   *
   * @param catalog the LlmPricing object whose entry applied
   * @param modelEntry the entry's name (the reported model may have matched its regex)
   * @param effectiveFrom when that catalog started to apply, or null for always
   */
  record Priced(
      BigDecimal cost, UnitPrices prices, String catalog, String modelEntry, Instant effectiveFrom)
      implements PricingResult {
    @Override
    public boolean priced() {
      return true;
    }
  }

  /** A call no catalog covers. */
  record Unpriced(String reason) implements PricingResult {
    @Override
    public boolean priced() {
      return false;
    }

    @Override
    public BigDecimal cost() {
      return io.llmcost.model.Money.ZERO;
    }
  }
}
