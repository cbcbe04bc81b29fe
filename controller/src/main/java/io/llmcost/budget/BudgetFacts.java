package io.llmcost.budget;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;

/**
 * What the ledger says about a budget's calls in its window.
 *
 * @param spent priced spend from the window's start to now
 * @param recentSpend spend in the recent window (for the burn rate)
 * @param recentWindow that window's length
 * @param unpricedRequests matching calls no catalog priced
 * @param unpricedModels the models of those calls
 */
public record BudgetFacts(
    BigDecimal spent,
    BigDecimal recentSpend,
    Duration recentWindow,
    long unpricedRequests,
    List<String> unpricedModels) {}
