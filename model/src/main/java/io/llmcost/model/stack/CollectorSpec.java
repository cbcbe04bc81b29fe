package io.llmcost.model.stack;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.kubernetes.api.model.ResourceRequirements;

/** The OpenTelemetry Collector that receives spans and forwards LLM calls to the ingester. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class CollectorSpec {
  @Min(1)
  @Max(20)
  private Integer replicas;

  /** Collector image; the operator's default when omitted. */
  private String image;

  private ResourceRequirements resources;

  public Integer getReplicas() {
    return replicas;
  }

  public void setReplicas(Integer replicas) {
    this.replicas = replicas;
  }

  public String getImage() {
    return image;
  }

  public void setImage(String image) {
    this.image = image;
  }

  public ResourceRequirements getResources() {
    return resources;
  }

  public void setResources(ResourceRequirements resources) {
    this.resources = resources;
  }
}
