package io.llmcost.model.budget;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.fabric8.kubernetes.api.model.Condition;
import java.util.ArrayList;
import java.util.List;

/** What the operator observed for a budget; derived from the ledger, never its input. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({
  "observedGeneration",
  "periodStart",
  "periodEnd",
  "spent",
  "utilizationPercent",
  "forecast",
  "unpricedRequests",
  "activeThreshold",
  "conditions"
})
public class LlmBudgetStatus {
  private Long observedGeneration;
  private String periodStart;
  private String periodEnd;

  /** USD spent in the current period, nine decimals. */
  private String spent;

  /** spent / limit × 100, two decimals. */
  private String utilizationPercent;

  /** Projected USD spend at periodEnd. */
  private String forecast;

  /** Calls matching the selector that no price covered in this period. */
  private Long unpricedRequests;

  private ActiveThreshold activeThreshold;
  private List<Condition> conditions = new ArrayList<>();

  public Long getObservedGeneration() {
    return observedGeneration;
  }

  public void setObservedGeneration(Long observedGeneration) {
    this.observedGeneration = observedGeneration;
  }

  public String getPeriodStart() {
    return periodStart;
  }

  public void setPeriodStart(String periodStart) {
    this.periodStart = periodStart;
  }

  public String getPeriodEnd() {
    return periodEnd;
  }

  public void setPeriodEnd(String periodEnd) {
    this.periodEnd = periodEnd;
  }

  public String getSpent() {
    return spent;
  }

  public void setSpent(String spent) {
    this.spent = spent;
  }

  public String getUtilizationPercent() {
    return utilizationPercent;
  }

  public void setUtilizationPercent(String utilizationPercent) {
    this.utilizationPercent = utilizationPercent;
  }

  public String getForecast() {
    return forecast;
  }

  public void setForecast(String forecast) {
    this.forecast = forecast;
  }

  public Long getUnpricedRequests() {
    return unpricedRequests;
  }

  public void setUnpricedRequests(Long unpricedRequests) {
    this.unpricedRequests = unpricedRequests;
  }

  public ActiveThreshold getActiveThreshold() {
    return activeThreshold;
  }

  public void setActiveThreshold(ActiveThreshold activeThreshold) {
    this.activeThreshold = activeThreshold;
  }

  public List<Condition> getConditions() {
    return conditions;
  }

  public void setConditions(List<Condition> conditions) {
    this.conditions = conditions;
  }
}
