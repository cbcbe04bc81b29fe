package io.llmcost.cli.demo;

import io.fabric8.kubernetes.api.model.Condition;
import io.llmcost.model.budget.LlmBudget;
import io.llmcost.model.budget.LlmBudgetStatus;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;

/** `kubectl get llmbudgets` as its printer columns show it. */
final class BudgetTable {
  private static final String FORMAT = "%-12s %-6s %-12s %-7s %-9s %-10s %-6s %s";

  private BudgetTable() {}

  static String header() {
    return String.format(
        FORMAT, "NAME", "LIMIT", "SPENT", "USED", "FORECAST", "ACTION", "READY", "AGE");
  }

  static String row(LlmBudget b) {
    LlmBudgetStatus s = b.getStatus() == null ? new LlmBudgetStatus() : b.getStatus();
    String ready = "";
    for (Condition c : s.getConditions()) {
      if ("Ready".equals(c.getType())) {
        ready = c.getStatus();
      }
    }
    return String.format(
        FORMAT,
        b.getMetadata().getName(),
        b.getSpec().getLimit(),
        nullToEmpty(s.getSpent()),
        nullToEmpty(s.getUtilizationPercent()),
        nullToEmpty(s.getForecast()),
        s.getActiveThreshold() == null ? "" : s.getActiveThreshold().getAction().name(),
        ready,
        age(b.getMetadata().getCreationTimestamp()));
  }

  private static String nullToEmpty(String s) {
    return s == null ? "" : s;
  }

  private static String age(String created) {
    if (created == null) {
      return "";
    }
    long seconds =
        Duration.between(OffsetDateTime.parse(created).toInstant(), Instant.now()).toSeconds();
    return seconds < 120 ? seconds + "s" : seconds / 60 + "m";
  }
}
