package io.llmcost.ledger;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/**
 * The rollup tables and how a range on 15-minute boundaries is read from them: whole UTC months
 * (when the user is not needed), days and hours below the sealed watermark from the monthly, daily
 * and hourly rollups, everything else from the 15-minute rollups (see sql/V6__sealed_rollups.sql
 * and sql/V9__monthly_rollups.sql).
 */
final class Rollups {
  static final Duration QUARTER = Duration.ofMinutes(15);
  static final Duration HOUR = Duration.ofHours(1);
  static final Duration DAY = Duration.ofDays(1);

  /** A rollup table: its bucket length and whether it has the user column. */
  enum Table {
    QUARTER_HOURS("llm_cost_rollup_15m", Rollups.QUARTER, true),
    HOURS("llm_cost_rollup_1h", HOUR, true),
    HOURS_APPS("llm_cost_rollup_1h_apps", HOUR, false),
    DAYS("llm_cost_rollup_1d", DAY, true),
    DAYS_APPS("llm_cost_rollup_1d_apps", DAY, false),
    /** UTC calendar months (no fixed length). */
    MONTHS_APPS("llm_cost_rollup_1mo_apps", null, false);

    final String name;
    private final Duration bucket;
    final boolean withUser;

    Table(String name, Duration bucket, boolean withUser) {
      this.name = name;
      this.bucket = bucket;
      this.withUser = withUser;
    }

    /** The start of the bucket {@code t} falls in. */
    Instant floor(Instant t) {
      return bucket == null ? floorMonth(t) : Rollups.floor(t, bucket);
    }

    /** The SQL expression of the bucket a finer rollup's bucket_start falls in. */
    String binSql() {
      return bucket == null
          ? "date_trunc('month', bucket_start, 'UTC')"
          : "date_bin('%d seconds', bucket_start, timestamptz '2000-01-01 00:00:00+00')"
              .formatted(bucket.toSeconds());
    }

    /** The key columns, in primary-key order. */
    String keyColumns() {
      return withUser
          ? "namespace, application, user_id, provider, model"
          : "namespace, application, provider, model";
    }
  }

  /** The sums every rollup table holds, in column order. */
  static final String SUM_COLUMNS =
      "requests, unpriced_requests, input_tokens, output_tokens, cache_read_tokens,"
          + " cache_write_tokens, reasoning_tokens, cost";

  /** Part of a range read from one table. */
  record Segment(Table table, Instant from, Instant to) {}

  /** Appends a segment's filters (" AND …") to the SQL and their values to the parameters. */
  @FunctionalInterface
  interface Filters {
    void append(StringBuilder sql, List<Object> params, Table table) throws SQLException;
  }

  private Rollups() {}

  /** Where the sealed rollups end (an hour boundary). */
  static Instant sealedUntil(Connection c) throws SQLException {
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT sealed_until FROM llm_cost_rollup_sealed")) {
      rs.next();
      return rs.getTimestamp(1).toInstant();
    }
  }

  /**
   * The segments covering [from, to) (both on 15-minute boundaries) with the fewest rows: whole
   * days, then whole hours, below {@code sealed}; 15-minute buckets for the rest.
   *
   * @param withUser whether the query needs the user column
   */
  static List<Segment> plan(Instant from, Instant to, Instant sealed, boolean withUser) {
    List<Segment> out = new ArrayList<>();
    Instant sealedEnd = min(to, max(from, sealed));
    Instant dayFrom = ceil(from, DAY);
    Instant dayTo = floor(sealedEnd, DAY);
    if (dayFrom.isBefore(dayTo)) {
      hoursThenQuarters(out, from, dayFrom, withUser);
      Instant monthFrom = ceilMonth(dayFrom);
      Instant monthTo = floorMonth(dayTo);
      if (!withUser && monthFrom.isBefore(monthTo)) {
        add(out, Table.DAYS_APPS, dayFrom, monthFrom);
        out.add(new Segment(Table.MONTHS_APPS, monthFrom, monthTo));
        add(out, Table.DAYS_APPS, monthTo, dayTo);
      } else {
        out.add(new Segment(withUser ? Table.DAYS : Table.DAYS_APPS, dayFrom, dayTo));
      }
      hoursThenQuarters(out, dayTo, sealedEnd, withUser);
    } else {
      hoursThenQuarters(out, from, sealedEnd, withUser);
    }
    add(out, Table.QUARTER_HOURS, sealedEnd, to);
    if (out.isEmpty()) { // an empty range still needs a (rowless) query
      out.add(new Segment(Table.QUARTER_HOURS, from, to));
    }
    return out;
  }

  /** [from, to) lies below the watermark: whole hours from the hourly rollups. */
  private static void hoursThenQuarters(
      List<Segment> out, Instant from, Instant to, boolean withUser) {
    Instant hourFrom = ceil(from, HOUR);
    Instant hourTo = floor(to, HOUR);
    if (hourFrom.isBefore(hourTo)) {
      add(out, Table.QUARTER_HOURS, from, hourFrom);
      out.add(new Segment(withUser ? Table.HOURS : Table.HOURS_APPS, hourFrom, hourTo));
      add(out, Table.QUARTER_HOURS, hourTo, to);
    } else {
      add(out, Table.QUARTER_HOURS, from, to);
    }
  }

  private static void add(List<Segment> out, Table table, Instant from, Instant to) {
    if (from.isBefore(to)) {
      out.add(new Segment(table, from, to));
    }
  }

  /**
   * Appends {@code SELECT columns FROM table WHERE bucket in segment AND filters}, joined by UNION
   * ALL, one per segment.
   */
  static void union(
      StringBuilder sql, List<Object> params, List<Segment> segments, String columns, Filters f)
      throws SQLException {
    for (int i = 0; i < segments.size(); i++) {
      Segment s = segments.get(i);
      sql.append(i == 0 ? "" : " UNION ALL ")
          .append("SELECT ")
          .append(columns)
          .append(" FROM ")
          .append(s.table().name)
          .append(" WHERE bucket_start >= ? AND bucket_start < ?");
      params.add(Timestamp.from(s.from()));
      params.add(Timestamp.from(s.to()));
      f.append(sql, params, s.table());
    }
  }

  static Instant floor(Instant t, Duration unit) {
    long s = t.getEpochSecond();
    return Instant.ofEpochSecond(s - Math.floorMod(s, unit.toSeconds()));
  }

  /** The start of the UTC calendar month {@code t} falls in. */
  static Instant floorMonth(Instant t) {
    return LocalDate.ofInstant(t, ZoneOffset.UTC)
        .withDayOfMonth(1)
        .atStartOfDay(ZoneOffset.UTC)
        .toInstant();
  }

  /** The end of the UTC calendar month {@code t} falls in. */
  static Instant monthEnd(Instant t) {
    return floorMonth(t).atOffset(ZoneOffset.UTC).plusMonths(1).toInstant();
  }

  static Instant ceilMonth(Instant t) {
    Instant f = floorMonth(t);
    return f.equals(t) ? t : monthEnd(t);
  }

  static Instant ceil(Instant t, Duration unit) {
    Instant f = floor(t, unit);
    return f.equals(t) ? t : f.plus(unit);
  }

  private static Instant min(Instant a, Instant b) {
    return a.isBefore(b) ? a : b;
  }

  private static Instant max(Instant a, Instant b) {
    return a.isAfter(b) ? a : b;
  }
}
