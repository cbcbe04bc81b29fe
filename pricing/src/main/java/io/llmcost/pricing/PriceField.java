package io.llmcost.pricing;

import java.math.BigDecimal;
import java.util.function.Function;

/** The price fields a tier can set. */
enum PriceField {
  INPUT(Rates::input),
  OUTPUT(Rates::output),
  CACHE_READ(Rates::cacheRead),
  CACHE_WRITE(Rates::cacheWrite),
  CACHE_WRITE_1H(Rates::cacheWrite1h),
  REASONING(Rates::reasoning);

  private final Function<Rates, BigDecimal> getter;

  PriceField(Function<Rates, BigDecimal> getter) {
    this.getter = getter;
  }

  BigDecimal of(Rates rates) {
    return rates == null ? null : getter.apply(rates);
  }
}
