package io.llmcost.model.budget;

/** How long one budget window lasts; windows start at local midnight in the budget's timezone. */
public enum BudgetPeriod {
  Daily,
  Weekly,
  Monthly,
  Quarterly,
  Yearly
}
