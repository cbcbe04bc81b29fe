package io.llmcost.ledger;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Which calls to sum: start time in [from, to), each filter an exact match, grouped by the listed
 * dimensions in order.
 */
public record CostQuery(
    Instant from, Instant to, List<CostDimension> groupBy, Map<CostDimension, String> filters) {

  public CostQuery {
    if (!from.isBefore(to)) {
      throw new IllegalArgumentException("from must be before to");
    }
    groupBy = List.copyOf(groupBy);
    filters = Map.copyOf(filters);
  }

  /** Whether the 15-minute rollups hold the answer exactly: both bounds on a bucket boundary. */
  public boolean answerableFromRollups() {
    return LedgerWriter.bucketOf(from).equals(from) && LedgerWriter.bucketOf(to).equals(to);
  }
}
