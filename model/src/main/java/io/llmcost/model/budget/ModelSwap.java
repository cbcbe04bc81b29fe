package io.llmcost.model.budget;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;

/** The model a SwapModel threshold replaces, and its replacement. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(
    value = "self.from != self.to",
    message = "swap.from and swap.to must name different models")
public class ModelSwap {
  @Required
  @Size(min = 1, max = 253)
  private String from;

  @Required
  @Size(min = 1, max = 253)
  private String to;

  public ModelSwap() {}

  public ModelSwap(String from, String to) {
    this.from = from;
    this.to = to;
  }

  public String getFrom() {
    return from;
  }

  public void setFrom(String from) {
    this.from = from;
  }

  public String getTo() {
    return to;
  }

  public void setTo(String to) {
    this.to = to;
  }
}
