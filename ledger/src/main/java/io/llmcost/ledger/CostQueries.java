package io.llmcost.ledger;

import io.llmcost.model.Money;
import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import javax.sql.DataSource;

/** Read side of the ledger: cost summaries (from rollups when exact) and per-call export. */
public final class CostQueries {
  /** The columns of a per-call export, in order. */
  public static final List<String> EXPORT_COLUMNS =
      List.of(
          "trace_id",
          "span_id",
          "start_time",
          "end_time",
          "namespace",
          "application",
          "user",
          "provider",
          "model",
          "request_model",
          "input_tokens",
          "output_tokens",
          "cache_read_tokens",
          "cache_write_tokens",
          "reasoning_tokens",
          "cache_write_ttl",
          "service_tier",
          "cost",
          "unpriced",
          "price_catalog",
          "price_model",
          "latency_ms");

  private static final String LEDGER_SUMS =
      "coalesce(sum(cost), 0), count(*), coalesce(sum(input_tokens), 0),"
          + " coalesce(sum(output_tokens), 0), coalesce(sum(cache_read_tokens), 0),"
          + " coalesce(sum(cache_write_tokens), 0), coalesce(sum(reasoning_tokens), 0),"
          + " count(*) FILTER (WHERE unpriced)";
  private static final String ROLLUP_SUMS =
      "coalesce(sum(cost), 0), coalesce(sum(requests), 0), coalesce(sum(input_tokens), 0),"
          + " coalesce(sum(output_tokens), 0), coalesce(sum(cache_read_tokens), 0),"
          + " coalesce(sum(cache_write_tokens), 0), coalesce(sum(reasoning_tokens), 0),"
          + " coalesce(sum(unpriced_requests), 0)";
  private static final int EXPORT_FETCH_SIZE = 1000;

  private final DataSource dataSource;

  public CostQueries(DataSource dataSource) {
    this.dataSource = dataSource;
  }

  /** Receives exported calls one at a time, values in {@link #EXPORT_COLUMNS} order. */
  @FunctionalInterface
  public interface CallSink {
    void accept(List<String> values) throws IOException;
  }

  public CostSummary summary(CostQuery q) throws SQLException {
    boolean rollups = q.answerableFromRollups();
    String groupColumns =
        q.groupBy().stream().map(CostDimension::column).collect(Collectors.joining(", "));
    try (Connection c = dataSource.getConnection()) {
      StringBuilder sql = new StringBuilder("SELECT ");
      if (!groupColumns.isEmpty()) {
        sql.append(groupColumns).append(", ");
      }
      List<Object> params;
      if (rollups) {
        boolean withUser =
            q.groupBy().contains(CostDimension.USER) || q.filters().containsKey(CostDimension.USER);
        sql.append(ROLLUP_SUMS).append(" FROM (");
        params = new ArrayList<>();
        Rollups.union(
            sql,
            params,
            Rollups.plan(q.from(), q.to(), Rollups.sealedUntil(c), withUser),
            (groupColumns.isEmpty() ? "" : groupColumns + ", ") + Rollups.SUM_COLUMNS,
            (s, p, table) -> filters(s, p, q));
        sql.append(") t");
      } else {
        sql.append(LEDGER_SUMS).append(" FROM llm_calls");
        params = where(sql, q, "start_time");
      }
      if (!groupColumns.isEmpty()) {
        sql.append(" GROUP BY ").append(groupColumns);
      }
      return summary(c, q, sql.toString(), params, rollups);
    }
  }

  private CostSummary summary(
      Connection c, CostQuery q, String sql, List<Object> params, boolean rollups)
      throws SQLException {
    List<CostSummary.Group> groups = new ArrayList<>();
    CostTotals total = CostTotals.ZERO;
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      bind(ps, params);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          Map<CostDimension, String> key = new LinkedHashMap<>();
          int col = 1;
          for (CostDimension d : q.groupBy()) {
            key.put(d, rs.getString(col++));
          }
          CostTotals totals =
              new CostTotals(
                  Money.nanos(rs.getBigDecimal(col)),
                  rs.getLong(col + 1),
                  rs.getLong(col + 2),
                  rs.getLong(col + 3),
                  rs.getLong(col + 4),
                  rs.getLong(col + 5),
                  rs.getLong(col + 6),
                  rs.getLong(col + 7));
          total = total.plus(totals);
          if (!q.groupBy().isEmpty()) {
            groups.add(new CostSummary.Group(key, totals));
          }
        }
      }
    }
    groups.sort(
        Comparator.comparing((CostSummary.Group g) -> g.totals().cost())
            .reversed()
            .thenComparing(g -> String.join("\u0000", g.key().values())));
    return new CostSummary(q, total, List.copyOf(groups), rollups);
  }

  /** Streams every call of the query's range and filters, oldest first. */
  public void exportCalls(CostQuery q, CallSink sink) throws SQLException, IOException {
    StringBuilder sql =
        new StringBuilder(
            "SELECT trace_id, span_id, start_time, end_time, namespace, application, user_id,"
                + " provider, model, request_model, input_tokens, output_tokens,"
                + " cache_read_tokens, cache_write_tokens, reasoning_tokens, cache_write_ttl,"
                + " service_tier, cost, unpriced, price_catalog, price_model, latency_ms"
                + " FROM llm_calls");
    List<Object> params = where(sql, q, "start_time");
    sql.append(" ORDER BY start_time, trace_id, span_id");
    HexFormat hex = HexFormat.of();
    try (Connection c = dataSource.getConnection()) {
      c.setAutoCommit(false); // a cursor, so the export streams instead of loading every row
      try (PreparedStatement ps = c.prepareStatement(sql.toString())) {
        ps.setFetchSize(EXPORT_FETCH_SIZE);
        bind(ps, params);
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            List<String> values = new ArrayList<>(EXPORT_COLUMNS.size());
            values.add(hex.formatHex(rs.getBytes(1)));
            values.add(hex.formatHex(rs.getBytes(2)));
            values.add(rs.getTimestamp(3).toInstant().toString());
            Timestamp end = rs.getTimestamp(4);
            values.add(end == null ? "" : end.toInstant().toString());
            for (int col = 5; col <= 22; col++) {
              values.add(
                  col == 18 ? Money.format(rs.getBigDecimal(col)) : nullToEmpty(rs.getString(col)));
            }
            sink.accept(values);
          }
        }
      } finally {
        c.rollback();
      }
    }
  }

  private static String nullToEmpty(String s) {
    return s == null ? "" : s;
  }

  private static List<Object> where(StringBuilder sql, CostQuery q, String timeColumn) {
    List<Object> params = new ArrayList<>();
    sql.append(" WHERE ").append(timeColumn).append(" >= ? AND ").append(timeColumn).append(" < ?");
    params.add(Timestamp.from(q.from()));
    params.add(Timestamp.from(q.to()));
    filters(sql, params, q);
    return params;
  }

  private static void filters(StringBuilder sql, List<Object> params, CostQuery q) {
    for (Map.Entry<CostDimension, String> f : q.filters().entrySet()) {
      sql.append(" AND ").append(f.getKey().column()).append(" = ?");
      params.add(f.getValue());
    }
  }

  private static void bind(PreparedStatement ps, List<Object> params) throws SQLException {
    for (int i = 0; i < params.size(); i++) {
      ps.setObject(i + 1, params.get(i));
    }
  }
}
