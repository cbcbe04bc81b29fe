package io.llmcost.ledger;

import java.util.Comparator;

/**
 * The dimensions spend is rolled up by; a committed batch publishes the keys it touched so budgets
 * over them can be recomputed at once.
 */
public record RollupKey(
    String namespace, String application, String userId, String provider, String model)
    implements Comparable<RollupKey> {

  private static final Comparator<RollupKey> ORDER =
      Comparator.comparing(RollupKey::namespace)
          .thenComparing(RollupKey::application)
          .thenComparing(RollupKey::userId)
          .thenComparing(RollupKey::provider)
          .thenComparing(RollupKey::model);

  @Override
  public int compareTo(RollupKey other) {
    return ORDER.compare(this, other);
  }
}
