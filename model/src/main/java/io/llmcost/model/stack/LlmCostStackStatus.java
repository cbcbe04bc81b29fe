package io.llmcost.model.stack;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.fabric8.kubernetes.api.model.Condition;
import java.util.ArrayList;
import java.util.List;

/** Readiness of the pipeline's parts and where to reach them. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class LlmCostStackStatus {
  private Long observedGeneration;

  /** In-cluster OTLP endpoint of the collector, such as http://llm-cost-collector.ns:4317. */
  private String otlpEndpoint;

  /** In-cluster base URL of the cost API. */
  private String apiEndpoint;

  private List<Condition> conditions = new ArrayList<>();

  public Long getObservedGeneration() {
    return observedGeneration;
  }

  public void setObservedGeneration(Long observedGeneration) {
    this.observedGeneration = observedGeneration;
  }

  public String getOtlpEndpoint() {
    return otlpEndpoint;
  }

  public void setOtlpEndpoint(String otlpEndpoint) {
    this.otlpEndpoint = otlpEndpoint;
  }

  public String getApiEndpoint() {
    return apiEndpoint;
  }

  public void setApiEndpoint(String apiEndpoint) {
    this.apiEndpoint = apiEndpoint;
  }

  public List<Condition> getConditions() {
    return conditions;
  }

  public void setConditions(List<Condition> conditions) {
    this.conditions = conditions;
  }
}
