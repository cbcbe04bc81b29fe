package io.llmcost.model.budget;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;

/** A key of a ConfigMap in the budget's namespace. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class ConfigMapKeyReference {
  @Required
  @Pattern("^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$")
  private String name;

  @Default("config.yaml")
  @Pattern("^[-._a-zA-Z0-9]+$")
  private String key;

  public ConfigMapKeyReference() {}

  public ConfigMapKeyReference(String name, String key) {
    this.name = name;
    this.key = key;
  }

  public String getName() {
    return name;
  }

  public void setName(String name) {
    this.name = name;
  }

  public String getKey() {
    return key;
  }

  public void setKey(String key) {
    this.key = key;
  }
}
