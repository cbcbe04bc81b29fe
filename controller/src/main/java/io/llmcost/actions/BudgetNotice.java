package io.llmcost.actions;

/**
 * What a threshold notification says.
 *
 * @param what a sentence on what the threshold does (or would do, in DryRun)
 * @param link where to look (the cost API or a dashboard), may be null
 */
public record BudgetNotice(
    String namespace,
    String budget,
    int percent,
    String action,
    boolean dryRun,
    String spent,
    String limit,
    String utilizationPercent,
    String forecast,
    String periodStart,
    String periodEnd,
    String what,
    String link) {

  /** One line for Events and logs. */
  public String summary() {
    return "Budget "
        + namespace
        + "/"
        + budget
        + " reached "
        + percent
        + "% ("
        + utilizationPercent
        + "% used: $"
        + spent
        + " of $"
        + limit
        + ", forecast $"
        + forecast
        + "): "
        + what
        + (dryRun ? " [DryRun: nothing was changed]" : "");
  }
}
