package io.llmcost.ledger;

import io.llmcost.model.Money;
import io.llmcost.model.ServiceTier;
import io.llmcost.model.TokenUsage;
import io.llmcost.pricing.PriceCatalog;
import io.llmcost.pricing.PricingResult;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.TreeSet;
import javax.sql.DataSource;

/**
 * Recomputes the cost of stored calls with the catalog as it is now (after a price correction),
 * then rebuilds the rollups of the affected buckets, in one transaction.
 */
public final class Repricer {
  private static final Duration BUCKET = Duration.ofMinutes(15);
  private static final Duration CHUNK = Duration.ofHours(1);

  private final DataSource dataSource;

  public Repricer(DataSource dataSource) {
    this.dataSource = dataSource;
  }

  /**
   * What a reprice did.
   *
   * @param from the start of the repriced range, widened to a 15-minute boundary
   * @param to the end of the range, widened likewise
   * @param rows calls examined
   * @param changed calls whose cost or price source changed
   * @param unpriced calls that remain without a price
   */
  public record Report(
      Instant from,
      Instant to,
      long rows,
      long changed,
      long unpriced,
      BigDecimal costBefore,
      BigDecimal costAfter) {}

  private record Repriced(
      byte[] traceId,
      byte[] spanId,
      Timestamp start,
      BigDecimal cost,
      boolean unpriced,
      String catalog,
      String model) {}

  public Report reprice(Instant requestedFrom, Instant requestedTo) throws SQLException {
    if (!requestedFrom.isBefore(requestedTo)) {
      throw new IllegalArgumentException("--from must be before --to");
    }
    Instant from = LedgerWriter.bucketOf(requestedFrom);
    Instant to =
        LedgerWriter.bucketOf(requestedTo).equals(requestedTo)
            ? requestedTo
            : LedgerWriter.bucketOf(requestedTo).plus(BUCKET);
    PriceCatalog catalog = PriceCatalog.of(new PriceCatalogStore(dataSource).load());
    long rows = 0;
    long changed = 0;
    long unpriced = 0;
    BigDecimal before = Money.ZERO;
    BigDecimal after = Money.ZERO;
    try (Connection c = dataSource.getConnection()) {
      c.setAutoCommit(false);
      try {
        // Ingest and sealing wait while the rollups are rebuilt, so no batch is counted twice or
        // lost (watermark first: the order writers and the sealer take their locks in).
        Instant sealed = RollupSealer.lockWatermark(c);
        try (Statement s = c.createStatement()) {
          s.execute("LOCK TABLE llm_cost_rollup_15m IN EXCLUSIVE MODE");
          s.execute(
              "CREATE TEMP TABLE llm_calls_repriced (trace_id bytea, span_id bytea,"
                  + " start_time timestamptz, cost numeric(20, 9), unpriced boolean,"
                  + " price_catalog text, price_model text) ON COMMIT DROP");
        }
        for (Instant chunk = from; chunk.isBefore(to); chunk = chunk.plus(CHUNK)) {
          Instant chunkEnd = chunk.plus(CHUNK).isBefore(to) ? chunk.plus(CHUNK) : to;
          List<Repriced> updates = new ArrayList<>();
          try (PreparedStatement ps =
              c.prepareStatement(
                  "SELECT trace_id, span_id, start_time, provider, model, input_tokens,"
                      + " output_tokens, cache_read_tokens, cache_write_tokens, reasoning_tokens,"
                      + " service_tier, cache_write_ttl, cost, unpriced, price_catalog,"
                      + " price_model FROM llm_calls WHERE start_time >= ? AND start_time < ?")) {
            ps.setTimestamp(1, Timestamp.from(chunk));
            ps.setTimestamp(2, Timestamp.from(chunkEnd));
            try (ResultSet rs = ps.executeQuery()) {
              while (rs.next()) {
                rows++;
                Timestamp start = rs.getTimestamp(3);
                TokenUsage usage =
                    new TokenUsage(
                        rs.getLong(6),
                        rs.getLong(7),
                        rs.getLong(8),
                        rs.getLong(9),
                        rs.getLong(10),
                        ServiceTier.fromAttribute(rs.getString(11)),
                        "1h".equals(rs.getString(12)));
                PricingResult result =
                    catalog.price(rs.getString(4), rs.getString(5), start.toInstant(), usage);
                BigDecimal oldCost = rs.getBigDecimal(13);
                before = before.add(oldCost);
                after = after.add(result.cost());
                String newCatalog = result instanceof PricingResult.Priced p ? p.catalog() : null;
                String newModel = result instanceof PricingResult.Priced p ? p.modelEntry() : null;
                unpriced += result.priced() ? 0 : 1;
                if (oldCost.compareTo(result.cost()) != 0
                    || rs.getBoolean(14) == result.priced()
                    || !Objects.equals(rs.getString(15), newCatalog)
                    || !Objects.equals(rs.getString(16), newModel)) {
                  updates.add(
                      new Repriced(
                          rs.getBytes(1),
                          rs.getBytes(2),
                          start,
                          result.cost(),
                          !result.priced(),
                          newCatalog,
                          newModel));
                }
              }
            }
          }
          changed += updates.size();
          apply(c, updates);
        }
        rebuildRollups(c, from, to);
        RollupSealer.rebuild(
            c,
            Rollups.floor(from, Rollups.HOUR),
            earlier(Rollups.ceil(to, Rollups.HOUR), sealed),
            Rollups.floor(from, Rollups.DAY),
            earlier(Rollups.ceil(to, Rollups.DAY), Rollups.floor(sealed, Rollups.DAY)),
            Rollups.floor(sealed, Rollups.DAY));
        c.commit();
      } catch (SQLException | RuntimeException e) {
        c.rollback();
        throw e;
      }
    }
    return new Report(from, to, rows, changed, unpriced, Money.nanos(before), Money.nanos(after));
  }

  private static void apply(Connection c, List<Repriced> updates) throws SQLException {
    if (updates.isEmpty()) {
      return;
    }
    try (PreparedStatement ps =
        c.prepareStatement("INSERT INTO llm_calls_repriced VALUES (?, ?, ?, ?, ?, ?, ?)")) {
      for (Repriced r : updates) {
        ps.setBytes(1, r.traceId());
        ps.setBytes(2, r.spanId());
        ps.setTimestamp(3, r.start());
        ps.setBigDecimal(4, r.cost());
        ps.setBoolean(5, r.unpriced());
        ps.setString(6, r.catalog());
        ps.setString(7, r.model());
        ps.addBatch();
      }
      ps.executeBatch();
    }
    try (Statement s = c.createStatement()) {
      s.executeUpdate(
          "UPDATE llm_calls l SET cost = r.cost, unpriced = r.unpriced,"
              + " price_catalog = r.price_catalog, price_model = r.price_model"
              + " FROM llm_calls_repriced r WHERE l.trace_id = r.trace_id"
              + " AND l.span_id = r.span_id AND l.start_time = r.start_time");
      s.executeUpdate("TRUNCATE llm_calls_repriced");
    }
  }

  private static Instant earlier(Instant a, Instant b) {
    return a.isBefore(b) ? a : b;
  }

  private static void rebuildRollups(Connection c, Instant from, Instant to) throws SQLException {
    try (PreparedStatement delete =
            c.prepareStatement(
                "DELETE FROM llm_cost_rollup_15m WHERE bucket_start >= ? AND bucket_start < ?");
        PreparedStatement insert =
            c.prepareStatement(
                "INSERT INTO llm_cost_rollup_15m (bucket_start, namespace, application, user_id,"
                    + " provider, model, requests, unpriced_requests, input_tokens,"
                    + " output_tokens, cache_read_tokens, cache_write_tokens, reasoning_tokens,"
                    + " cost)"
                    + " SELECT date_bin('15 minutes', start_time,"
                    + " timestamptz '2000-01-01 00:00:00+00'), namespace, application, user_id,"
                    + " provider, model, count(*), count(*) FILTER (WHERE unpriced),"
                    + " sum(input_tokens), sum(output_tokens), sum(cache_read_tokens),"
                    + " sum(cache_write_tokens), sum(reasoning_tokens), sum(cost)"
                    + " FROM llm_calls WHERE start_time >= ? AND start_time < ?"
                    + " GROUP BY 1, 2, 3, 4, 5, 6");
        PreparedStatement keys =
            c.prepareStatement(
                "SELECT DISTINCT namespace, application, user_id, provider, model"
                    + " FROM llm_cost_rollup_15m WHERE bucket_start >= ? AND bucket_start < ?")) {
      for (PreparedStatement ps : List.of(delete, insert, keys)) {
        ps.setTimestamp(1, Timestamp.from(from));
        ps.setTimestamp(2, Timestamp.from(to));
      }
      delete.executeUpdate();
      insert.executeUpdate();
      TreeSet<RollupKey> touched = new TreeSet<>();
      try (ResultSet rs = keys.executeQuery()) {
        while (rs.next()) {
          touched.add(
              new RollupKey(
                  rs.getString(1),
                  rs.getString(2),
                  rs.getString(3),
                  rs.getString(4),
                  rs.getString(5)));
        }
      }
      if (!touched.isEmpty()) {
        CommitSignals.publish(c, from, to, touched);
      }
    }
  }
}
