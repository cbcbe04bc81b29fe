package io.llmcost.budget;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Condition;
import io.llmcost.model.budget.BudgetPeriod;
import io.llmcost.model.budget.LlmBudgetStatus;
import io.llmcost.model.budget.ThresholdAction;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import org.junit.jupiter.api.Test;

class BudgetStatusBuilderTest {
  private static final Instant NOW = Instant.parse("2026-11-16T12:00:00Z");
  private static final BudgetWindow NOVEMBER =
      BudgetWindow.containing(BudgetPeriod.Monthly, ZoneId.of("Europe/Berlin"), NOW);

  private static LlmBudgetStatus build(
      String spent, long unpriced, Delivery delivery, LlmBudgetStatus previous, Instant now) {
    BudgetFacts facts =
        new BudgetFacts(
            new BigDecimal(spent),
            new BigDecimal("24"),
            Duration.ofHours(24),
            unpriced,
            unpriced > 0 ? List.of("mystery") : List.of());
    BigDecimal utilization =
        BudgetStatusBuilder.utilization(new BigDecimal(spent), new BigDecimal("500"));
    Ladder.Decision d = Ladder.decide(LadderTest.LADDER, utilization, null);
    return BudgetStatusBuilder.build(
        3, new BigDecimal("500"), NOVEMBER, facts, d, false, delivery, null, previous, now);
  }

  @Test
  void statusCarriesBoundsSpendUtilizationForecastAndTheActiveThreshold() {
    LlmBudgetStatus s = build("412.2", 0, Delivery.NONE, null, NOW);
    assertThat(s.getObservedGeneration()).isEqualTo(3);
    assertThat(s.getPeriodStart()).isEqualTo("2026-11-01T00:00:00+01:00");
    assertThat(s.getPeriodEnd()).isEqualTo("2026-12-01T00:00:00+01:00");
    assertThat(s.getSpent()).isEqualTo("412.200000000");
    assertThat(s.getUtilizationPercent()).isEqualTo("82.44");
    // $24 in the last 24 h = $1/h; 14 days 11 hours remain (to Nov 30 23:00Z) = 347 h
    assertThat(s.getForecast()).isEqualTo("759.20");
    assertThat(s.getActiveThreshold().getPercent()).isEqualTo(50);
    assertThat(s.getActiveThreshold().getAction()).isEqualTo(ThresholdAction.Notify);
    Condition ready = Conditions.find(s.getConditions(), Conditions.READY);
    assertThat(ready.getStatus()).isEqualTo("True");
    assertThat(ready.getObservedGeneration()).isEqualTo(3);
    assertThat(Conditions.find(s.getConditions(), Conditions.THRESHOLD_EXCEEDED).getReason())
        .isEqualTo("Notified");
  }

  @Test
  void transitionTimesAreKeptWhileNothingFlips() {
    LlmBudgetStatus first = build("100", 0, Delivery.NONE, null, NOW);
    LlmBudgetStatus later = build("120", 0, Delivery.NONE, first, NOW.plusSeconds(60));
    assertThat(Conditions.find(later.getConditions(), Conditions.READY).getLastTransitionTime())
        .isEqualTo(NOW.toString());
    LlmBudgetStatus flipped =
        build("300", 2, new Delivery(0, List.of("slack: HTTP 500")), later, NOW.plusSeconds(120));
    Condition pricing = Conditions.find(flipped.getConditions(), Conditions.PRICING_RESOLVED);
    assertThat(pricing.getStatus()).isEqualTo("False");
    assertThat(pricing.getReason()).isEqualTo("UnpricedCalls");
    assertThat(pricing.getMessage()).contains("2 matching call(s)").contains("mystery");
    assertThat(pricing.getLastTransitionTime()).isEqualTo(NOW.plusSeconds(120).toString());
    Condition delivered =
        Conditions.find(flipped.getConditions(), Conditions.NOTIFICATIONS_DELIVERED);
    assertThat(delivered.getStatus()).isEqualTo("False");
    assertThat(delivered.getMessage()).isEqualTo("slack: HTTP 500");
    // an identical rebuild is equal, so the reconciler can skip the write
    assertThat(
            build(
                "300",
                2,
                new Delivery(0, List.of("slack: HTTP 500")),
                flipped,
                NOW.plusSeconds(120)))
        .usingRecursiveComparison()
        .isEqualTo(flipped);
  }

  @Test
  void forecastUsesTheYoungerWindowEarlyInThePeriod() {
    Instant start = Instant.parse("2026-11-01T00:00:00Z");
    assertThat(Forecast.recentWindow(start, start.plus(Duration.ofHours(6))))
        .isEqualTo(Duration.ofHours(6));
    assertThat(Forecast.recentWindow(start, start.plus(Duration.ofDays(6))))
        .isEqualTo(Forecast.RECENT);
    // $6 in 6 h, 24 h left: 6 + 24 = 30
    assertThat(
            Forecast.project(
                new BigDecimal("6"),
                new BigDecimal("6"),
                Duration.ofHours(6),
                start.plus(Duration.ofHours(6)),
                start.plus(Duration.ofHours(30))))
        .isEqualByComparingTo("30");
    assertThat(BudgetStatusBuilder.utilization(new BigDecimal("1"), BigDecimal.ZERO))
        .isEqualByComparingTo("999999.99");
  }
}
