package io.llmcost.ledger;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import javax.sql.DataSource;

/**
 * Seals whole hours: builds their hourly rollups (and the daily ones of days that end sealed) from
 * the 15-minute rollups and moves the watermark, in one transaction per step. Safe with several
 * ingesters: the watermark row is locked, so steps run one at a time, and writers hold it shared
 * while they write, so a step sees every batch committed below its new watermark and a later batch
 * for sealed time updates the coarse rollups itself ({@link LedgerWriter}).
 */
public final class RollupSealer {
  /** Calls for an hour usually arrive within this time after it ends. */
  public static final Duration GRACE = Duration.ofMinutes(5);

  /** At most one day per transaction, so a first sealing of a large ledger holds no long lock. */
  private static final Duration STEP = Duration.ofDays(1);

  private static final String INSERT =
      "INSERT INTO %s (bucket_start, %s, "
          + Rollups.SUM_COLUMNS
          + ")"
          + " SELECT %s, %s,"
          + " sum(requests), sum(unpriced_requests), sum(input_tokens), sum(output_tokens),"
          + " sum(cache_read_tokens), sum(cache_write_tokens), sum(reasoning_tokens), sum(cost)"
          + " FROM %s WHERE bucket_start >= ? AND bucket_start < ? GROUP BY 1, %s";

  private final DataSource dataSource;

  public RollupSealer(DataSource dataSource) {
    this.dataSource = dataSource;
  }

  /**
   * Seals every whole hour that ended at least {@link #GRACE} before {@code now}.
   *
   * @return the new watermark
   */
  public Instant seal(Instant now) throws SQLException {
    Instant target = Rollups.floor(now.minus(GRACE), Rollups.HOUR);
    try (Connection c = dataSource.getConnection()) {
      c.setAutoCommit(false);
      try {
        while (true) {
          Instant sealed = lockWatermark(c);
          if (!sealed.isBefore(target)) {
            c.commit();
            return sealed;
          }
          // A ledger sealed for the first time starts at its oldest bucket, not at the origin.
          Instant from = sealed.equals(ORIGIN) ? oldestBucket(c, target) : sealed;
          Instant step = from.plus(STEP).isBefore(target) ? from.plus(STEP) : target;
          rebuild(
              c,
              from,
              step,
              Rollups.floor(from, Rollups.DAY),
              Rollups.floor(step, Rollups.DAY),
              Rollups.floor(step, Rollups.DAY));
          try (PreparedStatement ps =
              c.prepareStatement("UPDATE llm_cost_rollup_sealed SET sealed_until = ?")) {
            ps.setTimestamp(1, Timestamp.from(step));
            ps.executeUpdate();
          }
          c.commit();
        }
      } catch (SQLException | RuntimeException e) {
        c.rollback();
        throw e;
      }
    }
  }

  static final Instant ORIGIN = Instant.parse("2000-01-01T00:00:00Z");

  /** Locks the watermark row for a sealing step or a reprice; returns the watermark. */
  static Instant lockWatermark(Connection c) throws SQLException {
    try (PreparedStatement ps =
            c.prepareStatement("SELECT sealed_until FROM llm_cost_rollup_sealed FOR UPDATE");
        ResultSet rs = ps.executeQuery()) {
      rs.next();
      return rs.getTimestamp(1).toInstant();
    }
  }

  private static Instant oldestBucket(Connection c, Instant target) throws SQLException {
    try (PreparedStatement ps =
            c.prepareStatement("SELECT min(bucket_start) FROM llm_cost_rollup_15m");
        ResultSet rs = ps.executeQuery()) {
      rs.next();
      Timestamp oldest = rs.getTimestamp(1);
      if (oldest == null) {
        return target;
      }
      // From the start of its day, so that day's daily rollup is built once it is whole.
      Instant day = Rollups.floor(oldest.toInstant(), Rollups.DAY);
      return day.isBefore(target) ? day : target;
    }
  }

  /**
   * Deletes and rebuilds coarse rollups: the hours of [hoursFrom, hoursTo) from the 15-minute
   * rollups, the days of [daysFrom, daysTo) from the hours, then the months those days touch that
   * end by {@code sealedDays} from the days. The caller holds the watermark lock; the ranges are
   * whole hours / days, and every hour of those days and months is sealed once the transaction
   * commits.
   *
   * @param sealedDays the watermark after this transaction, down to a whole day
   */
  static void rebuild(
      Connection c,
      Instant hoursFrom,
      Instant hoursTo,
      Instant daysFrom,
      Instant daysTo,
      Instant sealedDays)
      throws SQLException {
    if (hoursFrom.isBefore(hoursTo)) {
      rebuild(c, Rollups.Table.HOURS, Rollups.Table.QUARTER_HOURS, hoursFrom, hoursTo);
      rebuild(c, Rollups.Table.HOURS_APPS, Rollups.Table.QUARTER_HOURS, hoursFrom, hoursTo);
    }
    if (daysFrom.isBefore(daysTo)) {
      rebuild(c, Rollups.Table.DAYS, Rollups.Table.HOURS, daysFrom, daysTo);
      rebuild(c, Rollups.Table.DAYS_APPS, Rollups.Table.HOURS_APPS, daysFrom, daysTo);
      Instant monthsFrom = Rollups.floorMonth(daysFrom);
      Instant monthsTo = Rollups.ceilMonth(daysTo);
      if (Rollups.floorMonth(sealedDays).isBefore(monthsTo)) {
        monthsTo = Rollups.floorMonth(sealedDays);
      }
      if (monthsFrom.isBefore(monthsTo)) {
        rebuild(c, Rollups.Table.MONTHS_APPS, Rollups.Table.DAYS_APPS, monthsFrom, monthsTo);
      }
    }
  }

  static void rebuild(
      Connection c, Rollups.Table target, Rollups.Table source, Instant from, Instant to)
      throws SQLException {
    run(
        c,
        "DELETE FROM " + target.name + " WHERE bucket_start >= ? AND bucket_start < ?",
        from,
        to);
    String keys = target.keyColumns();
    run(c, INSERT.formatted(target.name, keys, target.binSql(), keys, source.name, keys), from, to);
  }

  private static void run(Connection c, String sql, Instant from, Instant to) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setTimestamp(1, Timestamp.from(from));
      ps.setTimestamp(2, Timestamp.from(to));
      ps.executeUpdate();
    }
  }
}
