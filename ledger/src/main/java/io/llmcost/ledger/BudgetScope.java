package io.llmcost.ledger;

import io.llmcost.model.Globs;
import java.util.List;
import java.util.Map;

/**
 * Which calls a budget counts: AND across fields, OR within a list; a null or empty list means any.
 * {@code namespaces} is already resolved by the caller (a namespaced budget passes its own).
 *
 * @param models globs on the priced model name ({@code *} any run, {@code ?} one character)
 * @param attributes span or resource attributes that must all be present with these values
 */
public record BudgetScope(
    List<String> namespaces,
    List<String> applications,
    List<String> users,
    List<String> providers,
    List<String> models,
    Map<String, String> attributes) {

  public BudgetScope {
    namespaces = copy(namespaces);
    applications = copy(applications);
    users = copy(users);
    providers = copy(providers);
    models = copy(models);
    attributes = attributes == null ? Map.of() : Map.copyOf(attributes);
  }

  private static List<String> copy(List<String> list) {
    return list == null ? List.of() : List.copyOf(list);
  }

  /** Whether a call with these dimensions counts (attributes are not checked here). */
  public boolean matches(RollupKey key) {
    return (namespaces.isEmpty() || namespaces.contains(key.namespace()))
        && (applications.isEmpty() || applications.contains(key.application()))
        && (users.isEmpty() || users.contains(key.userId()))
        && (providers.isEmpty() || providers.contains(key.provider()))
        && (models.isEmpty() || models.stream().anyMatch(g -> Globs.matches(g, key.model())));
  }

  /** A glob as a SQL LIKE pattern (backslash escapes). */
  static String likePattern(String glob) {
    StringBuilder like = new StringBuilder();
    for (char c : glob.toCharArray()) {
      switch (c) {
        case '*' -> like.append('%');
        case '?' -> like.append('_');
        case '%', '_', '\\' -> like.append('\\').append(c);
        default -> like.append(c);
      }
    }
    return like.toString();
  }
}
