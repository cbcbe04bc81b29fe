package io.llmcost.model.budget;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;

/** The router configuration that SwapModel and Block thresholds patch. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class Routing {
  @Required private ConfigMapKeyReference configMapRef;

  @Default("LiteLLM")
  private RoutingFormat format;

  /** A Deployment to roll after a patch so the router re-reads its configuration. */
  @Pattern("^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$")
  private String restartDeployment;

  public ConfigMapKeyReference getConfigMapRef() {
    return configMapRef;
  }

  public void setConfigMapRef(ConfigMapKeyReference configMapRef) {
    this.configMapRef = configMapRef;
  }

  public RoutingFormat getFormat() {
    return format;
  }

  public void setFormat(RoutingFormat format) {
    this.format = format;
  }

  public String getRestartDeployment() {
    return restartDeployment;
  }

  public void setRestartDeployment(String restartDeployment) {
    this.restartDeployment = restartDeployment;
  }
}
