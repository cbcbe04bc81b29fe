package io.llmcost.budget;

import static org.assertj.core.api.Assertions.assertThat;

import io.llmcost.model.budget.BudgetPeriod;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;

class BudgetWindowTest {
  private static BudgetWindow window(BudgetPeriod p, String zone, String now) {
    return BudgetWindow.containing(p, ZoneId.of(zone), Instant.parse(now));
  }

  @Test
  void dstDaysLast23And25HoursInBerlinAndNewYork() {
    BudgetWindow spring = window(BudgetPeriod.Daily, "Europe/Berlin", "2026-03-29T12:00:00Z");
    assertThat(spring.start().toString()).isEqualTo("2026-03-29T00:00+01:00[Europe/Berlin]");
    assertThat(spring.end().toString()).isEqualTo("2026-03-30T00:00+02:00[Europe/Berlin]");
    assertThat(spring.length()).isEqualTo(Duration.ofHours(23));

    BudgetWindow autumn = window(BudgetPeriod.Daily, "Europe/Berlin", "2026-10-25T12:00:00Z");
    assertThat(autumn.length()).isEqualTo(Duration.ofHours(25));

    BudgetWindow ny = window(BudgetPeriod.Daily, "America/New_York", "2026-03-08T12:00:00Z");
    assertThat(ny.startInstant()).isEqualTo(Instant.parse("2026-03-08T05:00:00Z"));
    assertThat(ny.endInstant()).isEqualTo(Instant.parse("2026-03-09T04:00:00Z"));
    assertThat(window(BudgetPeriod.Daily, "America/New_York", "2026-11-01T12:00:00Z").length())
        .isEqualTo(Duration.ofHours(25));
  }

  @Test
  void halfAndQuarterHourZonesStartAtTheirLocalMidnight() {
    BudgetWindow kolkata = window(BudgetPeriod.Daily, "Asia/Kolkata", "2026-11-26T20:00:00Z");
    // 20:00Z is 01:30 on the 27th in Kolkata
    assertThat(kolkata.startInstant()).isEqualTo(Instant.parse("2026-11-26T18:30:00Z"));
    BudgetWindow kathmandu = window(BudgetPeriod.Monthly, "Asia/Kathmandu", "2026-11-30T18:20:00Z");
    // 18:20Z on Nov 30 is 00:05 on Dec 1 in Kathmandu (+05:45)
    assertThat(kathmandu.startInstant()).isEqualTo(Instant.parse("2026-11-30T18:15:00Z"));
    assertThat(kathmandu.endInstant()).isEqualTo(Instant.parse("2026-12-31T18:15:00Z"));
  }

  @Test
  void weeksStartOnMondayAcrossAYearEnd() {
    BudgetWindow week = window(BudgetPeriod.Weekly, "UTC", "2027-01-01T10:00:00Z"); // a Friday
    assertThat(week.startInstant()).isEqualTo(Instant.parse("2026-12-28T00:00:00Z"));
    assertThat(week.endInstant()).isEqualTo(Instant.parse("2027-01-04T00:00:00Z"));
  }

  @Test
  void monthEndsLeapYearsQuartersAndYears() {
    BudgetWindow feb = window(BudgetPeriod.Monthly, "UTC", "2028-02-29T23:59:59Z");
    assertThat(feb.startInstant()).isEqualTo(Instant.parse("2028-02-01T00:00:00Z"));
    assertThat(feb.endInstant()).isEqualTo(Instant.parse("2028-03-01T00:00:00Z"));
    assertThat(feb.length()).isEqualTo(Duration.ofDays(29));
    assertThat(window(BudgetPeriod.Daily, "UTC", "2028-02-29T10:00:00Z").startInstant())
        .isEqualTo(Instant.parse("2028-02-29T00:00:00Z"));
    BudgetWindow q4 = window(BudgetPeriod.Quarterly, "Europe/Berlin", "2026-11-26T10:00:00Z");
    assertThat(q4.start().toString()).isEqualTo("2026-10-01T00:00+02:00[Europe/Berlin]");
    assertThat(q4.end().toString()).isEqualTo("2027-01-01T00:00+01:00[Europe/Berlin]");
    BudgetWindow year = window(BudgetPeriod.Yearly, "Europe/Berlin", "2026-12-31T23:30:00Z");
    // 23:30Z on Dec 31 is already 2027 in Berlin
    assertThat(year.start().toString()).isEqualTo("2027-01-01T00:00+01:00[Europe/Berlin]");
  }

  @Test
  void theEndIsExclusive() {
    BudgetWindow day = window(BudgetPeriod.Daily, "UTC", "2026-11-26T00:00:00Z");
    assertThat(day.contains(Instant.parse("2026-11-26T00:00:00Z"))).isTrue();
    assertThat(day.contains(Instant.parse("2026-11-27T00:00:00Z"))).isFalse();
  }
}
