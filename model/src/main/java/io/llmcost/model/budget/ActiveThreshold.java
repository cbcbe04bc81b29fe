package io.llmcost.model.budget;

import com.fasterxml.jackson.annotation.JsonInclude;

/** The highest threshold crossed in the current period, and since when. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class ActiveThreshold {
  private Integer percent;
  private ThresholdAction action;
  private String since;

  public ActiveThreshold() {}

  public ActiveThreshold(int percent, ThresholdAction action, String since) {
    this.percent = percent;
    this.action = action;
    this.since = since;
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

  public String getSince() {
    return since;
  }

  public void setSince(String since) {
    this.since = since;
  }
}
