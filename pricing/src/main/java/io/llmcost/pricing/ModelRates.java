package io.llmcost.pricing;

import io.llmcost.model.ServiceTier;
import io.llmcost.model.TokenUsage;
import io.llmcost.model.pricing.LongContextTier;
import io.llmcost.model.pricing.ModelPrice;
import io.llmcost.model.pricing.PriceFields;
import io.llmcost.model.pricing.ServiceTiers;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/** All prices of one model entry, parsed: standard, per service tier and per long-context tier. */
final class ModelRates {
  private record LongContext(long aboveInputTokens, Rates rates, Map<ServiceTier, Rates> tiers) {}

  private final Rates standard;
  private final Map<ServiceTier, Rates> serviceTiers;
  private final List<LongContext> longContext;

  private ModelRates(
      Rates standard, Map<ServiceTier, Rates> serviceTiers, List<LongContext> longContext) {
    this.standard = standard;
    this.serviceTiers = serviceTiers;
    this.longContext = longContext;
  }

  static ModelRates parse(ModelPrice model, String where) {
    Rates standard = Rates.parse(model, where);
    if (standard.input() == null || standard.output() == null) {
      throw new PricingException(where + " needs an input and an output price");
    }
    List<LongContext> tiers = new ArrayList<>();
    if (model.getLongContext() != null) {
      for (LongContextTier tier : model.getLongContext()) {
        if (tier.getAboveInputTokens() == null || tier.getAboveInputTokens() < 1) {
          throw new PricingException(where + ".longContext needs aboveInputTokens of at least 1");
        }
        String tierWhere = where + ".longContext[>" + tier.getAboveInputTokens() + "]";
        tiers.add(
            new LongContext(
                tier.getAboveInputTokens(),
                Rates.parse(tier, tierWhere),
                parseServiceTiers(tier.getServiceTiers(), tierWhere)));
      }
    }
    tiers.sort(Comparator.comparingLong(LongContext::aboveInputTokens));
    return new ModelRates(
        standard, parseServiceTiers(model.getServiceTiers(), where), List.copyOf(tiers));
  }

  private static Map<ServiceTier, Rates> parseServiceTiers(ServiceTiers tiers, String where) {
    Map<ServiceTier, Rates> parsed = new EnumMap<>(ServiceTier.class);
    if (tiers != null) {
      for (ServiceTier tier : ServiceTier.values()) {
        PriceFields fields = tiers.pricesOf(tier);
        if (fields != null) {
          parsed.put(tier, Rates.parse(fields, where + ".serviceTiers." + tier.wireName()));
        }
      }
    }
    return parsed;
  }

  /**
   * The prices for a call: the highest long-context tier whose threshold its input exceeds, its
   * service tier; each field from the service tier first (of that long-context tier, then of the
   * model), then the long-context tier, then the standard prices; then the fallbacks cacheRead →
   * input, cacheWrite1h → cacheWrite → input, reasoning → output.
   */
  UnitPrices pricesFor(TokenUsage usage) {
    TokenUsage u = usage.normalized();
    LongContext context = null;
    for (LongContext tier : longContext) {
      if (u.input() > tier.aboveInputTokens()) {
        context = tier;
      }
    }
    List<Rates> lookup = new ArrayList<>(4);
    if (context != null) {
      lookup.add(context.tiers().get(u.serviceTier()));
    }
    lookup.add(serviceTiers.get(u.serviceTier()));
    if (context != null) {
      lookup.add(context.rates());
    }
    lookup.add(standard);

    BigDecimal input = first(lookup, PriceField.INPUT);
    BigDecimal output = first(lookup, PriceField.OUTPUT);
    BigDecimal cacheRead = orElse(first(lookup, PriceField.CACHE_READ), input);
    BigDecimal cacheWrite = orElse(first(lookup, PriceField.CACHE_WRITE), input);
    if (u.cacheWriteOneHour()) {
      cacheWrite = orElse(first(lookup, PriceField.CACHE_WRITE_1H), cacheWrite);
    }
    BigDecimal reasoning = orElse(first(lookup, PriceField.REASONING), output);
    return new UnitPrices(input, output, cacheRead, cacheWrite, reasoning);
  }

  private static BigDecimal first(List<Rates> lookup, PriceField field) {
    for (Rates rates : lookup) {
      BigDecimal value = field.of(rates);
      if (value != null) {
        return value;
      }
    }
    return null;
  }

  private static BigDecimal orElse(BigDecimal value, BigDecimal fallback) {
    return value != null ? value : fallback;
  }
}
