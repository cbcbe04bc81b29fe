package io.llmcost.model.budget;

/** What happens when spend crosses a threshold. */
public enum ThresholdAction {
  /** Events and configured notifications only. */
  Notify,
  /** Route calls for {@code swap.from} to {@code swap.to} in the routing ConfigMap. */
  SwapModel,
  /** Stop routing the budget's calls to paid models. */
  Block;

  /** Whether this action edits the routing ConfigMap. */
  public boolean patchesRouting() {
    return this != Notify;
  }
}
