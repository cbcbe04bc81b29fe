package io.llmcost.model.pricing;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.List;

/** The prices of one model (or of every model a regex matches). */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({
  "name",
  "match",
  "input",
  "output",
  "cacheRead",
  "cacheWrite",
  "cacheWrite1h",
  "reasoning",
  "longContext",
  "serviceTiers"
})
@ValidationRule(
    value = "has(self.input) && has(self.output)",
    message = "each model needs an input and an output price (USD per 1M tokens)")
public class ModelPrice extends PriceFields {
  /** The model name as spans report it; matched exactly unless {@code match} is set. */
  @Required
  @Size(min = 1, max = 253)
  private String name;

  /** Optional regular expression on the reported model name. An exact name match wins over it. */
  @Size(min = 1, max = 1024)
  private String match;

  @Size(max = 10)
  private List<LongContextTier> longContext;

  private ServiceTiers serviceTiers;

  public String getName() {
    return name;
  }

  public void setName(String name) {
    this.name = name;
  }

  public String getMatch() {
    return match;
  }

  public void setMatch(String match) {
    this.match = match;
  }

  public List<LongContextTier> getLongContext() {
    return longContext;
  }

  public void setLongContext(List<LongContextTier> longContext) {
    this.longContext = longContext;
  }

  public ServiceTiers getServiceTiers() {
    return serviceTiers;
  }

  public void setServiceTiers(ServiceTiers serviceTiers) {
    this.serviceTiers = serviceTiers;
  }
}
