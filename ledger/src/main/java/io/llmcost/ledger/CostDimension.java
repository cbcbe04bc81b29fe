package io.llmcost.ledger;

import java.util.Locale;
import java.util.Optional;

/**
 * A dimension costs are grouped and filtered by; the name is the API's, the column the ledger's.
 */
public enum CostDimension {
  MODEL("model"),
  NAMESPACE("namespace"),
  APPLICATION("application"),
  USER("user_id"),
  PROVIDER("provider");

  private final String column;

  CostDimension(String column) {
    this.column = column;
  }

  /** The name in query parameters and JSON keys: model, namespace, application, user, provider. */
  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  String column() {
    return column;
  }

  public static Optional<CostDimension> fromWireName(String name) {
    for (CostDimension d : values()) {
      if (d.wireName().equals(name)) {
        return Optional.of(d);
      }
    }
    return Optional.empty();
  }
}
