package io.llmcost.model.budget;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.ValidationRule;

/** One rung of a budget's threshold ladder. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(
    value = "self.action != 'SwapModel' || has(self.swap)",
    message = "a SwapModel threshold needs swap.from and swap.to")
@ValidationRule(
    value = "self.action == 'SwapModel' || !has(self.swap)",
    message = "swap is only allowed on a SwapModel threshold")
public class Threshold {
  /** Percent of the limit at which the action starts; above 100 is allowed. */
  @Required
  @Min(1)
  @Max(1000)
  private Integer percent;

  @Required private ThresholdAction action;

  private ModelSwap swap;

  public Threshold() {}

  public Threshold(int percent, ThresholdAction action, ModelSwap swap) {
    this.percent = percent;
    this.action = action;
    this.swap = swap;
  }

  public Integer getPercent() {
    return percent;
  }

  public void setPercent(Integer percent) {
    this.percent = percent;
  }

  public ThresholdAction getAction() {
    return action;
  }

  public void setAction(ThresholdAction action) {
    this.action = action;
  }

  public ModelSwap getSwap() {
    return swap;
  }

  public void setSwap(ModelSwap swap) {
    this.swap = swap;
  }
}
