package io.llmcost.budget;

import java.util.List;

/**
 * How this reconcile's notifications went.
 *
 * @param sent notifications delivered now
 * @param failures one line per failing channel; empty when all went through
 */
public record Delivery(int sent, List<String> failures) {
  public static final Delivery NONE = new Delivery(0, List.of());

  public boolean ok() {
    return failures.isEmpty();
  }
}
