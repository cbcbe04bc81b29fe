package io.llmcost.model.budget;

/** How the routing ConfigMap's value is laid out. */
public enum RoutingFormat {
  /** A LiteLLM proxy config.yaml with a {@code model_list}. */
  LiteLLM,
  /** Flat {@code alias: model} lines. */
  KeyValue
}
