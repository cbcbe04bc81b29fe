package io.llmcost.model.pricing;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.fabric8.kubernetes.api.model.Condition;
import java.util.ArrayList;
import java.util.List;

/** Whether a catalog was accepted and synced into the ledger's price tables. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class LlmPricingStatus {
  private Long observedGeneration;
  private Integer models;
  private List<Condition> conditions = new ArrayList<>();

  public Long getObservedGeneration() {
    return observedGeneration;
  }

  public void setObservedGeneration(Long observedGeneration) {
    this.observedGeneration = observedGeneration;
  }

  public Integer getModels() {
    return models;
  }

  public void setModels(Integer models) {
    this.models = models;
  }

  public List<Condition> getConditions() {
    return conditions;
  }

  public void setConditions(List<Condition> conditions) {
    this.conditions = conditions;
  }
}
