package io.llmcost.model.pricing;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.llmcost.model.ApiConstants;
import java.util.List;

/** A price catalog for one provider, or a provider-less custom deal. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"provider", "effectiveFrom", "models"})
public class LlmPricingSpec {
  /** The provider these prices apply to; omit for prices that apply to any provider. */
  @Size(min = 1, max = 253)
  private String provider;

  /** When these prices start to apply (RFC 3339); omitted means since always. */
  @Pattern(ApiConstants.TIMESTAMP_PATTERN)
  private String effectiveFrom;

  @Required
  @Size(min = 1, max = 2000)
  private List<ModelPrice> models;

  public String getProvider() {
    return provider;
  }

  public void setProvider(String provider) {
    this.provider = provider;
  }

  public String getEffectiveFrom() {
    return effectiveFrom;
  }

  public void setEffectiveFrom(String effectiveFrom) {
    this.effectiveFrom = effectiveFrom;
  }

  public List<ModelPrice> getModels() {
    return models;
  }

  public void setModels(List<ModelPrice> models) {
    this.models = models;
  }
}
