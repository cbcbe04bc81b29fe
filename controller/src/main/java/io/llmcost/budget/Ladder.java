package io.llmcost.budget;

import io.llmcost.model.budget.ModelSwap;
import io.llmcost.model.budget.Threshold;
import io.llmcost.model.budget.ThresholdAction;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

/**
 * The threshold ladder's decision for one budget, a pure function of the thresholds, the
 * utilization and the routing level currently enforced.
 *
 * <p>A threshold is reached when utilization ≥ its percent. The routing level (the highest reached
 * SwapModel or Block threshold) only goes down once utilization has fallen {@link #HYSTERESIS}
 * percentage points below it, so a budget hovering at a threshold does not flap. Every reached
 * threshold is due a notification (the actions log sends each once per period).
 */
public final class Ladder {
  /** Percentage points below a routing threshold before it is released. */
  public static final BigDecimal HYSTERESIS = new BigDecimal("5");

  private Ladder() {}

  /**
   * @param active the highest threshold in force (reached, or held by hysteresis), or null
   * @param routing the routing threshold in force, or null when routing should be as written
   * @param swaps every swap of a SwapModel threshold at or below the routing level, lowest first
   * @param block whether a Block threshold is in force
   * @param reached the thresholds reached now, lowest first (each is notified once per period)
   */
  public record Decision(
      Threshold active,
      Threshold routing,
      List<ModelSwap> swaps,
      boolean block,
      List<Threshold> reached) {

    public boolean patchesRouting() {
      return block || !swaps.isEmpty();
    }
  }

  /**
   * @param thresholds ascending by percent
   * @param utilization spent / limit × 100
   * @param enforcedRoutingPercent the percent of the routing threshold enforced now (from the
   *     routing ConfigMap's record), or null
   */
  public static Decision decide(
      List<Threshold> thresholds, BigDecimal utilization, Integer enforcedRoutingPercent) {
    List<Threshold> reached = new ArrayList<>();
    Threshold routing = null;
    for (Threshold t : thresholds) {
      BigDecimal percent = BigDecimal.valueOf(t.getPercent());
      boolean isReached = utilization.compareTo(percent) >= 0;
      boolean held =
          enforcedRoutingPercent != null
              && t.getPercent() <= enforcedRoutingPercent
              && utilization.compareTo(percent.subtract(HYSTERESIS)) >= 0;
      if (isReached) {
        reached.add(t);
      }
      if ((isReached || held) && t.getAction().patchesRouting()) {
        routing = t;
      }
    }
    Threshold active = reached.isEmpty() ? null : reached.get(reached.size() - 1);
    if (routing != null && (active == null || routing.getPercent() > active.getPercent())) {
      active = routing;
    }
    List<ModelSwap> swaps = new ArrayList<>();
    boolean block = false;
    if (routing != null) {
      for (Threshold t : thresholds) {
        if (t.getPercent() > routing.getPercent()) {
          break;
        }
        if (t.getAction() == ThresholdAction.SwapModel && t.getSwap() != null) {
          swaps.add(t.getSwap());
        }
        block |= t.getAction() == ThresholdAction.Block;
      }
    }
    return new Decision(active, routing, List.copyOf(swaps), block, List.copyOf(reached));
  }
}
