package io.llmcost.actions;

import java.util.List;

/**
 * What one budget asks of a routing document.
 *
 * @param swaps (from, to) model pairs, applied in order
 * @param block whether the budget's routes are blocked
 * @param models globs selecting the budget's routes for a block (empty: every route)
 * @param percent the threshold that asked for it (kept for hysteresis)
 */
public record RouteAction(
    int percent, List<List<String>> swaps, boolean block, List<String> models) {}
