package io.llmcost.model.pricing;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Required;

/**
 * Prices for calls whose input exceeds {@code aboveInputTokens}. The highest tier that applies
 * wins; fields it leaves out come from the model's standard prices. {@code serviceTiers} here holds
 * prices for a service tier above this context length (for example priority above 200k).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({
  "aboveInputTokens",
  "input",
  "output",
  "cacheRead",
  "cacheWrite",
  "cacheWrite1h",
  "reasoning",
  "serviceTiers"
})
public class LongContextTier extends PriceFields {
  @Required
  @Min(1)
  private Long aboveInputTokens;

  private ServiceTiers serviceTiers;

  public Long getAboveInputTokens() {
    return aboveInputTokens;
  }

  public void setAboveInputTokens(Long aboveInputTokens) {
    this.aboveInputTokens = aboveInputTokens;
  }

  public ServiceTiers getServiceTiers() {
    return serviceTiers;
  }

  public void setServiceTiers(ServiceTiers serviceTiers) {
    this.serviceTiers = serviceTiers;
  }
}
