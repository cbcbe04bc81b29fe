package io.llmcost.model.stack;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.llmcost.model.common.SecretKeyReference;

/** The ingester that prices spans into the ledger and serves the cost API. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class IngesterSpec {
  @Min(1)
  @Max(20)
  private Integer replicas;

  /** Ingester image; the operator's own image when omitted. */
  private String image;

  private ResourceRequirements resources;

  /** How long ledger rows are kept, in days, such as "400d". */
  @Pattern("^[1-9][0-9]{0,4}d$")
  private String retention;

  /** Store redacted prompt and response text. Off by default. */
  private Boolean storeContent;

  /** A bearer token that OTLP senders and API callers must present. */
  private SecretKeyReference authTokenSecretRef;

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

  public String getRetention() {
    return retention;
  }

  public void setRetention(String retention) {
    this.retention = retention;
  }

  public Boolean getStoreContent() {
    return storeContent;
  }

  public void setStoreContent(Boolean storeContent) {
    this.storeContent = storeContent;
  }

  public SecretKeyReference getAuthTokenSecretRef() {
    return authTokenSecretRef;
  }

  public void setAuthTokenSecretRef(SecretKeyReference authTokenSecretRef) {
    this.authTokenSecretRef = authTokenSecretRef;
  }
}
