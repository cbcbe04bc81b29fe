package io.llmcost.budget;

import io.llmcost.model.Money;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;

/**
 * Projected spend at the end of the period: what is spent so far plus the recent burn rate carried
 * to the period's end. The burn rate is the spend of the last {@link #RECENT} (or of the period so
 * far, when it is younger) divided by that duration, so a burst this morning weighs more than a
 * quiet start of the month, and a quiet day lowers the projection.
 */
public final class Forecast {
  /** How far back the burn rate looks. */
  public static final Duration RECENT = Duration.ofHours(24);

  private Forecast() {}

  /**
   * @param spent spend from the period start to now
   * @param recentSpend spend inside the recent window ending now
   * @param recentWindow the recent window's length (RECENT, or less early in the period)
   */
  public static BigDecimal project(
      BigDecimal spent, BigDecimal recentSpend, Duration recentWindow, Instant now, Instant end) {
    if (!now.isBefore(end) || recentWindow.isZero() || recentWindow.isNegative()) {
      return Money.nanos(spent);
    }
    BigDecimal remainingSeconds = BigDecimal.valueOf(Duration.between(now, end).toSeconds());
    BigDecimal rate =
        recentSpend.divide(
            BigDecimal.valueOf(Math.max(1, recentWindow.toSeconds())), 18, RoundingMode.HALF_EVEN);
    return Money.nanos(spent.add(rate.multiply(remainingSeconds)));
  }

  /** The recent window for a period that started at {@code start}: RECENT, or less if younger. */
  public static Duration recentWindow(Instant start, Instant now) {
    Duration elapsed = Duration.between(start, now);
    return elapsed.compareTo(RECENT) < 0 ? elapsed : RECENT;
  }
}
