package io.llmcost.budget;

import io.llmcost.model.budget.BudgetPeriod;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.temporal.TemporalAdjusters;

/**
 * The budget period containing an instant: from one local midnight to another in the budget's time
 * zone. Days are calendar days, so a DST day lasts 23 or 25 hours; weeks start on Monday (ISO);
 * months, quarters and years start on their first day. Where a zone skips midnight, the period
 * starts at the first valid local time of that day.
 */
public record BudgetWindow(ZonedDateTime start, ZonedDateTime end) {

  public static BudgetWindow containing(BudgetPeriod period, ZoneId zone, Instant now) {
    LocalDate today = now.atZone(zone).toLocalDate();
    LocalDate first =
        switch (period) {
          case Daily -> today;
          case Weekly -> today.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
          case Monthly -> today.withDayOfMonth(1);
          case Quarterly ->
              today.withMonth(((today.getMonthValue() - 1) / 3) * 3 + 1).withDayOfMonth(1);
          case Yearly -> today.withDayOfYear(1);
        };
    LocalDate next =
        switch (period) {
          case Daily -> first.plusDays(1);
          case Weekly -> first.plusWeeks(1);
          case Monthly -> first.plusMonths(1);
          case Quarterly -> first.plusMonths(3);
          case Yearly -> first.plusYears(1);
        };
    return new BudgetWindow(first.atStartOfDay(zone), next.atStartOfDay(zone));
  }

  public Instant startInstant() {
    return start.toInstant();
  }

  public Instant endInstant() {
    return end.toInstant();
  }

  public Duration length() {
    return Duration.between(start, end);
  }

  public boolean contains(Instant t) {
    return !t.isBefore(startInstant()) && t.isBefore(endInstant());
  }
}
