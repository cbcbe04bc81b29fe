package io.llmcost.budget;

import io.fabric8.kubernetes.api.model.Condition;
import io.llmcost.model.Money;
import io.llmcost.model.budget.ActiveThreshold;
import io.llmcost.model.budget.LlmBudgetStatus;
import io.llmcost.model.budget.Threshold;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.List;

/**
 * Builds an LlmBudget's status from facts (pure): period bounds, spend, utilization, forecast, the
 * active threshold and the conditions, keeping transition times that did not change.
 */
public final class BudgetStatusBuilder {
  private static final BigDecimal HUNDRED = BigDecimal.valueOf(100);

  /** Shown as utilization when the limit is 0 and anything was spent. */
  static final BigDecimal UNBOUNDED = new BigDecimal("999999.99");

  private BudgetStatusBuilder() {}

  /** spent / limit × 100, two decimals. */
  public static BigDecimal utilization(BigDecimal spent, BigDecimal limit) {
    if (limit.signum() == 0) {
      return spent.signum() == 0 ? BigDecimal.ZERO.setScale(2) : UNBOUNDED;
    }
    return spent.multiply(HUNDRED).divide(limit, 2, RoundingMode.HALF_EVEN);
  }

  /**
   * @param enforcementProblem why a routing change could not be made (Ready turns False), or null
   */
  public static LlmBudgetStatus build(
      long generation,
      BigDecimal limit,
      BudgetWindow window,
      BudgetFacts facts,
      Ladder.Decision decision,
      boolean dryRun,
      Delivery delivery,
      String enforcementProblem,
      LlmBudgetStatus previous,
      Instant now) {
    List<Condition> old = previous == null ? null : previous.getConditions();
    LlmBudgetStatus s = new LlmBudgetStatus();
    s.setObservedGeneration(generation);
    s.setPeriodStart(window.start().format(DateTimeFormatter.ISO_OFFSET_DATE_TIME));
    s.setPeriodEnd(window.end().format(DateTimeFormatter.ISO_OFFSET_DATE_TIME));
    s.setSpent(Money.format(facts.spent()));
    BigDecimal utilization = utilization(facts.spent(), limit);
    s.setUtilizationPercent(utilization.toPlainString());
    BigDecimal forecast =
        Forecast.project(
            facts.spent(), facts.recentSpend(), facts.recentWindow(), now, window.endInstant());
    s.setForecast(forecast.setScale(2, RoundingMode.HALF_EVEN).toPlainString());
    s.setUnpricedRequests(facts.unpricedRequests());

    Threshold active = decision.active();
    if (active != null) {
      ActiveThreshold a = new ActiveThreshold();
      a.setPercent(active.getPercent());
      a.setAction(active.getAction());
      ActiveThreshold before = previous == null ? null : previous.getActiveThreshold();
      a.setSince(
          before != null
                  && active.getPercent().equals(before.getPercent())
                  && before.getSince() != null
              ? before.getSince()
              : now.toString());
      s.setActiveThreshold(a);
    }

    String spentText = "$" + Money.format(facts.spent()).replaceAll("0{1,7}$", "");
    String limitText = "$" + limit.toPlainString();
    s.setConditions(
        Conditions.list(
            Conditions.of(
                old,
                Conditions.READY,
                true,
                "SpendComputed",
                "Spent "
                    + spentText
                    + " of "
                    + limitText
                    + " ("
                    + utilization.toPlainString()
                    + "%) from "
                    + s.getPeriodStart()
                    + " to "
                    + s.getPeriodEnd(),
                generation,
                now),
            thresholdCondition(old, decision, dryRun, utilization, generation, now),
            facts.unpricedRequests() == 0
                ? Conditions.of(
                    old,
                    Conditions.PRICING_RESOLVED,
                    true,
                    "AllCallsPriced",
                    "Every matching call in this period has a price",
                    generation,
                    now)
                : Conditions.of(
                    old,
                    Conditions.PRICING_RESOLVED,
                    false,
                    "UnpricedCalls",
                    facts.unpricedRequests()
                        + " matching call(s) have no price and count as $0 until"
                        + " an LlmPricing covers them: "
                        + String.join(", ", facts.unpricedModels()),
                    generation,
                    now),
            delivery.ok()
                ? Conditions.of(
                    old,
                    Conditions.NOTIFICATIONS_DELIVERED,
                    true,
                    delivery.sent() > 0 ? "Delivered" : "NothingPending",
                    delivery.sent() > 0
                        ? delivery.sent() + " notification(s) delivered"
                        : "No notification is pending",
                    generation,
                    now)
                : Conditions.of(
                    old,
                    Conditions.NOTIFICATIONS_DELIVERED,
                    false,
                    "DeliveryFailed",
                    String.join("; ", delivery.failures()),
                    generation,
                    now)));
    return s;
  }

  private static Condition thresholdCondition(
      List<Condition> old,
      Ladder.Decision d,
      boolean dryRun,
      BigDecimal utilization,
      long generation,
      Instant now) {
    if (d.active() == null) {
      return Conditions.of(
          old,
          Conditions.THRESHOLD_EXCEEDED,
          false,
          "BelowThresholds",
          "Utilization " + utilization.toPlainString() + "% is below every threshold",
          generation,
          now);
    }
    StringBuilder message =
        new StringBuilder(
            "The "
                + d.active().getPercent()
                + "% threshold is reached (utilization "
                + utilization.toPlainString()
                + "%)");
    if (d.block()) {
      message.append("; calls on the budget's routes are blocked");
    } else if (!d.swaps().isEmpty()) {
      message.append("; routing swaps ");
      d.swaps()
          .forEach(sw -> message.append(sw.getFrom()).append(" → ").append(sw.getTo()).append(' '));
    }
    if (dryRun && d.patchesRouting()) {
      message.append(" (DryRun: nothing is patched)");
    }
    String reason =
        dryRun && d.patchesRouting()
            ? "WouldEnforce" + d.routing().getAction()
            : d.block() ? "Blocked" : !d.swaps().isEmpty() ? "ModelSwapped" : "Notified";
    return Conditions.of(
        old,
        Conditions.THRESHOLD_EXCEEDED,
        true,
        reason,
        message.toString().trim(),
        generation,
        now);
  }
}
