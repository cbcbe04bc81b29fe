package io.llmcost.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class RollupsTest {
  private static final Instant T0 = Instant.parse("2026-11-01T00:00:00Z");

  private static Instant quarter(Random r, int maxQuarters) {
    return T0.plus(Duration.ofMinutes(15L * r.nextInt(maxQuarters)));
  }

  @Test
  void segmentsTileTheRangeAndUseCoarseTablesOnlyOnWholeSealedBuckets() {
    Random r = new Random(11);
    for (int i = 0; i < 20_000; i++) {
      // up to about 100 days from T0, or 6 days, so that both month and hour edges get hit
      int span = r.nextBoolean() ? 96 * 6 : 96 * 100;
      Instant a = quarter(r, span);
      Instant b = quarter(r, span);
      if (!a.isBefore(b)) {
        continue;
      }
      Instant sealed = Rollups.floor(quarter(r, span + 96), Rollups.HOUR);
      boolean withUser = r.nextBoolean();
      List<Rollups.Segment> plan = Rollups.plan(a, b, sealed, withUser);
      Instant cursor = a;
      for (Rollups.Segment s : plan) {
        assertThat(s.from()).isEqualTo(cursor);
        assertThat(s.from()).isBefore(s.to());
        Rollups.Table t = s.table();
        assertThat(t.floor(s.from())).isEqualTo(s.from());
        assertThat(t.floor(s.to())).isEqualTo(s.to());
        if (t != Rollups.Table.QUARTER_HOURS) {
          assertThat(s.to()).isBeforeOrEqualTo(sealed);
          assertThat(t.withUser).isEqualTo(withUser);
        }
        cursor = s.to();
      }
      assertThat(cursor).isEqualTo(b);
    }
  }

  @Test
  void aMonthToDateWindowReadsDaysThenHoursThenQuarterHours() {
    Instant from = Instant.parse("2026-10-31T18:30:00Z"); // local midnight at +05:30
    Instant to = Instant.parse("2026-11-20T10:45:00Z");
    Instant sealed = Instant.parse("2026-11-20T10:00:00Z");
    assertThat(Rollups.plan(from, to, sealed, false))
        .containsExactly(
            new Rollups.Segment(
                Rollups.Table.QUARTER_HOURS, from, Instant.parse("2026-10-31T19:00:00Z")),
            new Rollups.Segment(
                Rollups.Table.HOURS_APPS,
                Instant.parse("2026-10-31T19:00:00Z"),
                Instant.parse("2026-11-01T00:00:00Z")),
            new Rollups.Segment(
                Rollups.Table.DAYS_APPS,
                Instant.parse("2026-11-01T00:00:00Z"),
                Instant.parse("2026-11-20T00:00:00Z")),
            new Rollups.Segment(
                Rollups.Table.HOURS_APPS, Instant.parse("2026-11-20T00:00:00Z"), sealed),
            new Rollups.Segment(Rollups.Table.QUARTER_HOURS, sealed, to));
  }

  @Test
  void aYearToDateWindowReadsWholeMonthsWithoutUsersAndDaysWithThem() {
    Instant from = Instant.parse("2026-01-01T00:00:00Z");
    Instant to = Instant.parse("2026-11-20T00:00:00Z");
    Instant sealed = Instant.parse("2026-11-20T00:00:00Z");
    assertThat(Rollups.plan(from, to, sealed, false))
        .containsExactly(
            new Rollups.Segment(
                Rollups.Table.MONTHS_APPS, from, Instant.parse("2026-11-01T00:00:00Z")),
            new Rollups.Segment(
                Rollups.Table.DAYS_APPS, Instant.parse("2026-11-01T00:00:00Z"), to));
    assertThat(Rollups.plan(from, to, sealed, true))
        .containsExactly(new Rollups.Segment(Rollups.Table.DAYS, from, to));
    // a month not yet whole below the watermark is read from its days
    assertThat(Rollups.plan(from, to, Instant.parse("2026-10-31T23:00:00Z"), false))
        .startsWith(
            new Rollups.Segment(
                Rollups.Table.MONTHS_APPS, from, Instant.parse("2026-10-01T00:00:00Z")),
            new Rollups.Segment(
                Rollups.Table.DAYS_APPS,
                Instant.parse("2026-10-01T00:00:00Z"),
                Instant.parse("2026-10-31T00:00:00Z")));
  }

  @Test
  void nothingSealedMeansQuarterHoursOnly() {
    Instant from = Instant.parse("2026-11-01T00:00:00Z");
    Instant to = Instant.parse("2026-11-03T00:00:00Z");
    assertThat(Rollups.plan(from, to, RollupSealer.ORIGIN, true))
        .containsExactly(new Rollups.Segment(Rollups.Table.QUARTER_HOURS, from, to));
  }
}
