package io.llmcost.ledger;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.llmcost.model.Money;
import java.math.BigDecimal;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;

/**
 * The ledger as budgets see it: spend of the calls a budget counts over a time range (from the
 * rollups, coarsest first, when the range is on 15-minute boundaries and no attribute is selected,
 * else from the ledger rows), and the actions log that makes each notification go out once per
 * period.
 */
public final class BudgetLedger {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final DataSource dataSource;

  /** The last watermark read, and when (System.nanoTime). */
  private volatile SealedReading sealed;

  private record SealedReading(Instant until, long readAtNanos) {}

  /** A watermark reading serves the spend queries of the next second. */
  private static final long SEALED_READING_NANOS = 1_000_000_000L;

  public BudgetLedger(DataSource dataSource) {
    this.dataSource = dataSource;
  }

  /**
   * The sealed watermark, read at most once a second: it only moves forward, and a plan made with
   * an older one reads more of the (complete) 15-minute rollups and is just as exact. A budget
   * reconcile then makes one round trip to the database, not two.
   */
  private Instant sealedUntil(Connection c) throws SQLException {
    SealedReading last = sealed;
    long now = System.nanoTime();
    if (last == null || now - last.readAtNanos() > SEALED_READING_NANOS) {
      last = new SealedReading(Rollups.sealedUntil(c), now);
      sealed = last;
    }
    return last.until();
  }

  /**
   * Spend of a scope over [from, to).
   *
   * @param recentCost the cost of the calls from {@code recentFrom} on (the burn rate's share)
   * @param unpricedModels up to ten models of the unpriced calls
   */
  public record Spend(
      BigDecimal cost,
      BigDecimal recentCost,
      long requests,
      long unpricedRequests,
      List<String> unpricedModels) {}

  /** Spend of a scope over [from, to); its recent cost is the whole cost. */
  public Spend spend(BudgetScope scope, Instant from, Instant to) throws SQLException {
    return spend(scope, from, from, to);
  }

  /**
   * Spend of a scope over [from, to), and the share of it from {@code recentFrom} (in [from, to])
   * on, in one query.
   */
  public Spend spend(BudgetScope scope, Instant from, Instant recentFrom, Instant to)
      throws SQLException {
    if (recentFrom.isBefore(from) || recentFrom.isAfter(to)) {
      throw new IllegalArgumentException("recentFrom " + recentFrom + " is outside the range");
    }
    boolean rollups =
        scope.attributes().isEmpty()
            && LedgerWriter.bucketOf(from).equals(from)
            && LedgerWriter.bucketOf(recentFrom).equals(recentFrom)
            && LedgerWriter.bucketOf(to).equals(to);
    try (Connection c = dataSource.getConnection()) {
      List<Object> params = new ArrayList<>();
      StringBuilder sql = new StringBuilder("SELECT ");
      if (rollups) {
        sql.append(
            "coalesce(sum(cost), 0), coalesce(sum(cost) FILTER (WHERE recent), 0),"
                + " coalesce(sum(requests), 0), coalesce(sum(unpriced_requests), 0),"
                + " (array_agg(DISTINCT model ORDER BY model)"
                + " FILTER (WHERE unpriced_requests > 0))[1:10] FROM (");
        Instant sealed = sealedUntil(c);
        boolean withUser = !scope.users().isEmpty();
        Rollups.Filters filters = (s, p, table) -> filters(c, scope, s, p);
        // Two plans split at recentFrom, so that no segment straddles it.
        List<Rollups.Segment> earlier =
            from.isBefore(recentFrom)
                ? Rollups.plan(from, recentFrom, sealed, withUser)
                : List.of();
        Rollups.union(
            sql,
            params,
            earlier,
            "cost, requests, unpriced_requests, model, false AS recent",
            filters);
        sql.append(earlier.isEmpty() ? "" : " UNION ALL ");
        Rollups.union(
            sql,
            params,
            Rollups.plan(recentFrom, to, sealed, withUser),
            "cost, requests, unpriced_requests, model, true AS recent",
            filters);
        sql.append(") t");
      } else {
        sql.append(
            "coalesce(sum(cost), 0), coalesce(sum(cost) FILTER (WHERE start_time >= ?), 0),"
                + " count(*), count(*) FILTER (WHERE unpriced),"
                + " (array_agg(DISTINCT model ORDER BY model) FILTER (WHERE unpriced))[1:10]"
                + " FROM llm_calls WHERE start_time >= ? AND start_time < ?");
        params.add(Timestamp.from(recentFrom));
        params.add(Timestamp.from(from));
        params.add(Timestamp.from(to));
        filters(c, scope, sql, params);
      }
      try (PreparedStatement ps = c.prepareStatement(sql.toString())) {
        bind(ps, params);
        try (ResultSet rs = ps.executeQuery()) {
          rs.next();
          Array models = rs.getArray(5);
          return new Spend(
              Money.nanos(rs.getBigDecimal(1)),
              Money.nanos(rs.getBigDecimal(2)),
              rs.getLong(3),
              rs.getLong(4),
              models == null ? List.of() : List.of((String[]) models.getArray()));
        }
      }
    }
  }

  /** Appends the scope's selectors (" AND …") and their values. */
  private static void filters(Connection c, BudgetScope s, StringBuilder w, List<Object> params)
      throws SQLException {
    anyOf(c, w, params, "namespace", s.namespaces());
    anyOf(c, w, params, "application", s.applications());
    anyOf(c, w, params, "user_id", s.users());
    anyOf(c, w, params, "provider", s.providers());
    if (!s.models().isEmpty()) {
      w.append(" AND model LIKE ANY (?)");
      params.add(
          c.createArrayOf("text", s.models().stream().map(BudgetScope::likePattern).toArray()));
    }
    if (!s.attributes().isEmpty()) {
      try {
        w.append(" AND attributes @> ?::jsonb");
        params.add(JSON.writeValueAsString(s.attributes()));
      } catch (JsonProcessingException e) {
        throw new IllegalStateException(e);
      }
    }
  }

  private static void anyOf(
      Connection c, StringBuilder w, List<Object> params, String column, List<String> values)
      throws SQLException {
    if (!values.isEmpty()) {
      w.append(" AND ").append(column).append(" = ANY (?)");
      params.add(c.createArrayOf("text", values.toArray()));
    }
  }

  private static void bind(PreparedStatement ps, List<Object> params) throws SQLException {
    for (int i = 0; i < params.size(); i++) {
      Object p = params.get(i);
      if (p instanceof Array a) {
        ps.setArray(i + 1, a);
      } else {
        ps.setObject(i + 1, p);
      }
    }
  }

  /** Identifies one action of one budget in one period. */
  public record ActionKey(
      String namespace,
      String name,
      Instant periodStart,
      int thresholdPercent,
      String action,
      String channel) {}

  /**
   * An action due: a new one, or an earlier attempt that failed.
   *
   * @param attempts attempts made so far
   * @param lastAttempt when the last attempt was recorded (null for a new action)
   * @param lastError what the last failed attempt reported, or null
   */
  public record DueAction(long id, int attempts, Instant lastAttempt, String lastError) {}

  /**
   * Claims the action unless it already succeeded this period; returns it if it is due now, else
   * null.
   */
  public DueAction claim(ActionKey key, String uid, boolean dryRun, BigDecimal spent)
      throws SQLException {
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps =
            c.prepareStatement(
                "INSERT INTO budget_actions (budget_namespace, budget_name, budget_uid, period_start,"
                    + " threshold_percent, action, channel, dry_run, outcome, spent)"
                    + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'pending', ?)"
                    + " ON CONFLICT (budget_namespace, budget_name, period_start, threshold_percent,"
                    + " action, channel) DO UPDATE SET spent = EXCLUDED.spent"
                    + " WHERE budget_actions.outcome <> 'succeeded'"
                    + " RETURNING id, attempts, CASE WHEN attempts = 0 THEN NULL ELSE updated_at END,"
                    + " detail->>'error'")) {
      ps.setString(1, key.namespace());
      ps.setString(2, key.name());
      ps.setString(3, uid);
      ps.setTimestamp(4, Timestamp.from(key.periodStart()));
      ps.setInt(5, key.thresholdPercent());
      ps.setString(6, key.action());
      ps.setString(7, key.channel());
      ps.setBoolean(8, dryRun);
      ps.setBigDecimal(9, spent);
      try (ResultSet rs = ps.executeQuery()) {
        if (!rs.next()) {
          return null;
        }
        Timestamp last = rs.getTimestamp(3);
        return new DueAction(
            rs.getLong(1), rs.getInt(2), last == null ? null : last.toInstant(), rs.getString(4));
      }
    }
  }

  /** Records an attempt's outcome. */
  public void complete(long id, boolean succeeded, Map<String, Object> detail) throws SQLException {
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps =
            c.prepareStatement(
                "UPDATE budget_actions SET outcome = ?, attempts = attempts + 1, updated_at = now(),"
                    + " detail = ?::jsonb WHERE id = ?")) {
      ps.setString(1, succeeded ? "succeeded" : "failed");
      ps.setString(2, JSON.writeValueAsString(detail));
      ps.setLong(3, id);
      ps.executeUpdate();
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * How many actions of a budget's period succeeded, by action and channel (for tests and audit).
   */
  public long succeeded(String namespace, String name, Instant periodStart, String action)
      throws SQLException {
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps =
            c.prepareStatement(
                "SELECT count(*) FROM budget_actions WHERE budget_namespace = ? AND budget_name = ?"
                    + " AND period_start = ? AND action = ? AND outcome = 'succeeded'")) {
      ps.setString(1, namespace);
      ps.setString(2, name);
      ps.setTimestamp(3, Timestamp.from(periodStart));
      ps.setString(4, action);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    }
  }
}
