package io.llmcost.actions;

import io.llmcost.model.Globs;
import io.llmcost.model.budget.RoutingFormat;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * Computes a routing document from its current text and every budget's action on it (pure).
 *
 * <p>LiteLLM proxy config: each {@code model_list} entry's {@code litellm_params}. A swap changes
 * {@code model} when it is the swap's {@code from} (with or without a {@code provider/} prefix),
 * keeping the prefix. A block points the entry at the operator's block endpoint, which answers
 * every call with HTTP 429 and an OpenAI-style error naming the budget: {@code model} becomes
 * {@code openai/llmcost-budget-exceeded}, {@code api_base} the endpoint and {@code api_key} a
 * placeholder. KeyValue: each {@code alias: model} line; a swap changes the model, a block sets it
 * to {@code blocked:<namespace>/<budget>}, which the router must treat as refused.
 *
 * <p>A block wins over swaps; swaps of several budgets apply in budget order. An entry no action
 * applies to gets its original values back, and the state forgets it.
 */
public final class RoutingPlanner {
  public static final String BLOCKED_MODEL = "openai/llmcost-budget-exceeded";
  public static final String BLOCKED_KEY = "llmcost-blocked";
  public static final String BLOCKED_PREFIX = "blocked:";
  private static final List<String> LITELLM_FIELDS = List.of("model", "api_base", "api_key");

  private RoutingPlanner() {}

  /** The new text and state. */
  public record Plan(String text, RoutingState state) {
    public boolean changed(String before) {
      return !text.equals(before);
    }
  }

  /**
   * @param budget "namespace/name" of the budget whose action changes
   * @param action its action now, or null to withdraw it
   * @param blockEndpoint base URL of the block endpoint (LiteLLM format)
   */
  public static Plan plan(
      String text,
      RoutingFormat format,
      RoutingState state,
      String budget,
      RouteAction action,
      String blockEndpoint) {
    RoutingState next = new RoutingState();
    next.actions.putAll(state.actions);
    state.originals.forEach((k, v) -> next.originals.put(k, new HashMap<>(v)));
    if (action == null) {
      next.actions.remove(budget);
    } else {
      next.actions.put(budget, action);
    }
    YamlTextEditor editor = new YamlTextEditor(text);
    Node root = editor.root();
    if (format == RoutingFormat.LiteLLM) {
      planLiteLlm(editor, root, next, blockEndpoint);
    } else {
      planKeyValue(editor, root, next);
    }
    return new Plan(editor.result(), next);
  }

  private static void planLiteLlm(
      YamlTextEditor editor, Node root, RoutingState state, String endpoint) {
    Node list = YamlTextEditor.get(root, "model_list");
    if (!(list instanceof SequenceNode entries)) {
      return;
    }
    Map<String, Integer> seen = new HashMap<>();
    for (Node entry : entries.getValue()) {
      Node params = YamlTextEditor.get(entry, "litellm_params");
      if (!(params instanceof MappingNode mapping)) {
        continue;
      }
      String name = String.valueOf(YamlTextEditor.scalar(YamlTextEditor.get(entry, "model_name")));
      String id = name + "#" + seen.merge(name, 1, Integer::sum);
      Map<String, String> current = new LinkedHashMap<>();
      for (String field : LITELLM_FIELDS) {
        current.put(field, YamlTextEditor.scalar(YamlTextEditor.get(mapping, field)));
      }
      Map<String, String> original = state.originals.getOrDefault(id, current);
      Map<String, String> desired = new LinkedHashMap<>(original);
      String blockedBy = blockingBudget(state, original.get("model"));
      if (blockedBy != null) {
        desired.put("model", BLOCKED_MODEL);
        desired.put("api_base", endpoint + "/" + blockedBy);
        desired.put("api_key", BLOCKED_KEY);
      } else {
        desired.put("model", swapped(state, original.get("model")));
      }
      apply(
          state,
          id,
          current,
          original,
          desired,
          (field, value) -> editor.set(mapping, field, value));
    }
  }

  private static void planKeyValue(YamlTextEditor editor, Node root, RoutingState state) {
    if (!(root instanceof MappingNode mapping)) {
      return;
    }
    for (NodeTuple t : mapping.getValue()) {
      if (!(t.getValueNode() instanceof ScalarNode value)) {
        continue;
      }
      String id = YamlTextEditor.scalar(t.getKeyNode());
      Map<String, String> current = new LinkedHashMap<>();
      current.put("model", value.getValue());
      Map<String, String> original = state.originals.getOrDefault(id, current);
      String blockedBy = blockingBudget(state, original.get("model"));
      Map<String, String> desired = new LinkedHashMap<>();
      desired.put(
          "model",
          blockedBy != null ? BLOCKED_PREFIX + blockedBy : swapped(state, original.get("model")));
      apply(state, id, current, original, desired, (field, v) -> editor.replace(value, v));
    }
  }

  private interface FieldWriter {
    void write(String field, String value);
  }

  private static void apply(
      RoutingState state,
      String id,
      Map<String, String> current,
      Map<String, String> original,
      Map<String, String> desired,
      FieldWriter writer) {
    if (desired.equals(original)) {
      state.originals.remove(id);
    } else {
      state.originals.putIfAbsent(id, new HashMap<>(original));
    }
    for (Map.Entry<String, String> field : desired.entrySet()) {
      if (!Objects.equals(current.get(field.getKey()), field.getValue())) {
        writer.write(field.getKey(), field.getValue());
      }
    }
  }

  private static String blockingBudget(RoutingState state, String model) {
    for (Map.Entry<String, RouteAction> a : state.actions.entrySet()) {
      RouteAction action = a.getValue();
      if (action.block()
          && (action.models().isEmpty()
              || action.models().stream().anyMatch(g -> Globs.matches(g, unprefixed(model))))) {
        return a.getKey();
      }
    }
    return null;
  }

  private static String swapped(RoutingState state, String model) {
    if (model == null) {
      return null;
    }
    String result = model;
    for (RouteAction action : state.actions.values()) {
      for (List<String> swap : action.swaps()) {
        if (unprefixed(result).equals(swap.get(0))) {
          result = prefix(result) + swap.get(1);
        }
      }
    }
    return result;
  }

  private static String prefix(String model) {
    int slash = model.indexOf('/');
    return slash < 0 ? "" : model.substring(0, slash + 1);
  }

  private static String unprefixed(String model) {
    return model == null ? "" : model.substring(model.indexOf('/') + 1);
  }
}
