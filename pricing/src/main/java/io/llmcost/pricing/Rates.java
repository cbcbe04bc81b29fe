package io.llmcost.pricing;

import io.llmcost.model.Money;
import io.llmcost.model.pricing.PriceFields;
import java.math.BigDecimal;

/** Parsed prices of one tier in USD per 1M tokens; a null field is not set at this tier. */
record Rates(
    BigDecimal input,
    BigDecimal output,
    BigDecimal cacheRead,
    BigDecimal cacheWrite,
    BigDecimal cacheWrite1h,
    BigDecimal reasoning) {

  static final Rates NONE = new Rates(null, null, null, null, null, null);

  static Rates parse(PriceFields fields, String where) {
    if (fields == null) {
      return NONE;
    }
    return new Rates(
        price(fields.getInput(), where + ".input"),
        price(fields.getOutput(), where + ".output"),
        price(fields.getCacheRead(), where + ".cacheRead"),
        price(fields.getCacheWrite(), where + ".cacheWrite"),
        price(fields.getCacheWrite1h(), where + ".cacheWrite1h"),
        price(fields.getReasoning(), where + ".reasoning"));
  }

  private static BigDecimal price(String text, String where) {
    if (text == null) {
      return null;
    }
    try {
      return Money.parsePrice(text, where);
    } catch (IllegalArgumentException e) {
      throw new PricingException(e.getMessage(), e);
    }
  }
}
