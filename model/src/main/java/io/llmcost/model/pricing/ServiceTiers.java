package io.llmcost.model.pricing;

import com.fasterxml.jackson.annotation.JsonInclude;

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
}
