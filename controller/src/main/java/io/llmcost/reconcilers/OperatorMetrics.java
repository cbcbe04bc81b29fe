package io.llmcost.reconcilers;

import io.llmcost.model.budget.LlmBudget;
import io.llmcost.model.budget.LlmBudgetStatus;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * CONTRACT.md's budget gauges (llm_budget_limit_usd, _spent_usd, _utilization_ratio, _forecast_usd
 * by budget and namespace) and reconcile metrics (llmcost_operator_*). It also remembers each
 * budget's latest figures for the block endpoint's error message.
 */
public final class OperatorMetrics {
  /** A budget's latest figures, exact decimals. */
  public record Figures(
      BigDecimal limit,
      BigDecimal spent,
      BigDecimal utilizationPercent,
      BigDecimal forecast,
      String periodEnd,
      BigDecimal activeThresholdPercent) {}

  private final MeterRegistry registry;
  private final Map<String, Figures> budgets = new ConcurrentHashMap<>();

  public OperatorMetrics(MeterRegistry registry) {
    this.registry = registry;
  }

  public MeterRegistry registry() {
    return registry;
  }

  public void budget(LlmBudget budget, LlmBudgetStatus status) {
    String key = budget.getMetadata().getNamespace() + "/" + budget.getMetadata().getName();
    Figures figures =
        new Figures(
            budget.getSpec().limitAmount(),
            new BigDecimal(status.getSpent()),
            new BigDecimal(status.getUtilizationPercent()),
            new BigDecimal(status.getForecast()),
            status.getPeriodEnd(),
            status.getActiveThreshold() == null
                ? BigDecimal.ZERO
                : BigDecimal.valueOf(status.getActiveThreshold().getPercent()));
    if (budgets.put(key, figures) == null) {
      Tags tags =
          Tags.of(
              "budget",
              budget.getMetadata().getName(),
              "namespace",
              budget.getMetadata().getNamespace());
      gauge("llm.budget.limit.usd", "Budget limit in USD", tags, key, Figures::limit);
      gauge(
          "llm.budget.spent.usd", "Spend in the current period in USD", tags, key, Figures::spent);
      gauge(
          "llm.budget.utilization.ratio",
          "Spend / limit in the current period",
          tags,
          key,
          f -> f.utilizationPercent().movePointLeft(2));
      gauge(
          "llm.budget.forecast.usd",
          "Projected spend at the period's end in USD",
          tags,
          key,
          Figures::forecast);
      gauge(
          "llm.budget.active.threshold.percent",
          "Percent of the highest threshold in force (0: none)",
          tags,
          key,
          Figures::activeThresholdPercent);
    }
  }

  public void forget(String namespace, String name) {
    String key = namespace + "/" + name;
    if (budgets.remove(key) != null) {
      registry.getMeters().stream()
          .filter(m -> m.getId().getName().startsWith("llm.budget."))
          .filter(
              m ->
                  name.equals(m.getId().getTag("budget"))
                      && namespace.equals(m.getId().getTag("namespace")))
          .forEach(registry::remove);
    }
  }

  /** The latest figures of a budget ("namespace/name"), or null. */
  public Figures figures(String budget) {
    return budgets.get(budget);
  }

  private interface Field {
    BigDecimal of(Figures f);
  }

  private void gauge(String name, String help, Tags tags, String key, Field field) {
    Gauge.builder(
            name,
            budgets,
            b -> b.containsKey(key) ? field.of(b.get(key)).doubleValue() : Double.NaN)
        .description(help)
        .tags(tags)
        .register(registry);
  }

  /** Times a reconcile of a kind and counts its outcome. */
  public void reconciled(String kind, boolean ok, Duration took) {
    Timer.builder("llmcost.operator.reconcile")
        .description("Reconciles by kind and outcome")
        .tags("kind", kind, "result", ok ? "success" : "error")
        .register(registry)
        .record(took);
  }
}
