package io.llmcost.model.pricing;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.llmcost.model.ServiceTier;

/** Prices that replace the standard ones for calls on a provider's batch, priority or flex tier. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class ServiceTiers {
  private PriceFields batch;
  private PriceFields priority;
  private PriceFields flex;

  public PriceFields getBatch() {
    return batch;
  }

  public void setBatch(PriceFields batch) {
    this.batch = batch;
  }

  public PriceFields getPriority() {
    return priority;
  }

  public void setPriority(PriceFields priority) {
    this.priority = priority;
  }

  public PriceFields getFlex() {
    return flex;
  }

  public void setFlex(PriceFields flex) {
    this.flex = flex;
  }

  /** The prices of a tier, or null when it sets none; the standard tier has none here. */
  public PriceFields pricesOf(ServiceTier tier) {
    return switch (tier) {
      case BATCH -> batch;
      case PRIORITY -> priority;
      case FLEX -> flex;
      case STANDARD -> null;
    };
  }

  /** The prices of a non-standard tier, created empty when absent. */
  public PriceFields pricesOfCreating(ServiceTier tier) {
    PriceFields prices = pricesOf(tier);
    if (prices == null) {
      prices = new PriceFields();
      switch (tier) {
        case BATCH -> batch = prices;
        case PRIORITY -> priority = prices;
        case FLEX -> flex = prices;
        case STANDARD ->
            throw new IllegalArgumentException("the standard tier is the model itself");
      }
    }
    return prices;
  }
}
