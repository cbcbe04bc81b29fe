package io.llmcost.actions;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.Map;
import java.util.TreeMap;

/**
 * What the operator did to one routing document, kept in an annotation on the ConfigMap beside it:
 * each budget's current action, and the original values of every entry it changed, so that restores
 * put back exactly what was there and several budgets compose.
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public final class RoutingState {
  /** Budget ("namespace/name") → its action. */
  public Map<String, RouteAction> actions = new TreeMap<>();

  /** Entry id → field → original value (a null value means the field was absent). */
  public Map<String, Map<String, String>> originals = new TreeMap<>();

  @JsonIgnore
  public boolean isEmpty() {
    return actions.isEmpty() && originals.isEmpty();
  }
}
