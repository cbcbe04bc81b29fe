package io.llmcost.ledger;

import java.util.List;
import java.util.Map;

/**
 * The answer to a {@link CostQuery}.
 *
 * @param groups one per distinct combination of the grouping dimensions, most expensive first
 * @param fromRollups whether the rollups answered (else the ledger rows did)
 */
public record CostSummary(
    CostQuery query, CostTotals total, List<Group> groups, boolean fromRollups) {

  /** One group: its dimension values (in the query's groupBy order) and sums. */
  public record Group(Map<CostDimension, String> key, CostTotals totals) {}
}
