package io.llmcost.model.budget;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.fabric8.generator.annotation.Size;
import java.util.List;
import java.util.Map;

/**
 * Which calls count against a budget: AND across fields, OR within a list. An omitted field matches
 * every call.
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public class BudgetSelector {
  /** service.name values. */
  @Size(max = 100)
  private List<String> applications;

  /** End-user ids (enduser.id and its dialects). */
  @Size(max = 100)
  private List<String> users;

  /** Globs on the priced model name, such as {@code gpt-4o*}. */
  @Size(max = 100)
  private List<String> models;

  @Size(max = 100)
  private List<String> providers;

  /** Span or resource attributes that must all equal the given values. */
  private Map<String, String> attributes;

  /** Only honoured for budgets in the operator's own namespace (platform budgets). */
  @Size(max = 100)
  private List<String> namespaces;

  public List<String> getApplications() {
    return applications;
  }

  public void setApplications(List<String> applications) {
    this.applications = applications;
  }

  public List<String> getUsers() {
    return users;
  }

  public void setUsers(List<String> users) {
    this.users = users;
  }

  public List<String> getModels() {
    return models;
  }

  public void setModels(List<String> models) {
    this.models = models;
  }

  public List<String> getProviders() {
    return providers;
  }

  public void setProviders(List<String> providers) {
    this.providers = providers;
  }

  public Map<String, String> getAttributes() {
    return attributes;
  }

  public void setAttributes(Map<String, String> attributes) {
    this.attributes = attributes;
  }

  public List<String> getNamespaces() {
    return namespaces;
  }

  public void setNamespaces(List<String> namespaces) {
    this.namespaces = namespaces;
  }
}
