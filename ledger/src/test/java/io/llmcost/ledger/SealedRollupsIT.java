package io.llmcost.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.llmcost.model.TokenUsage;
import io.llmcost.model.pricing.LlmPricing;
import io.llmcost.model.pricing.LlmPricingSpec;
import io.llmcost.model.pricing.ModelPrice;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The hourly and daily rollups of sealed time: every budget spend and cost summary read through
 * them equals the same sums over the ledger rows, with late calls for sealed time, sealing while
 * writers write, a reprice across sealed days, and retention.
 */
class SealedRollupsIT {
  private static final Instant DAY0 = Instant.parse("2026-11-01T00:00:00Z");
  private static final String[] NAMESPACES = {"team-a", "team-b"};
  private static final String[] APPS = {"chat", "search", "batch"};
  private static final String[] USERS = {"", "alice", "bob"};
  private static final String[][] MODELS = {
    {"openai", "gpt-4o"}, {"openai", "gpt-4o-mini"}, {"anthropic", "claude-sonnet-4"}
  };

  private HikariDataSource db;
  private final Random random = new Random(5);

  @BeforeEach
  void database() {
    db = LedgerDatabase.pool(TestDatabase.freshDatabaseUrl(), null, null, 8);
    Migrations.migrate(db);
  }

  @AfterEach
  void close() {
    db.close();
  }

  private LedgerRow randomRow(Instant from, Duration span) {
    byte[] trace = new byte[16];
    byte[] id = new byte[8];
    random.nextBytes(trace);
    random.nextBytes(id);
    String[] model = random.nextInt(50) == 0 ? new String[] {"meta", "llama-x"} : pick(MODELS);
    boolean unpriced = model[1].equals("llama-x");
    Instant start = from.plusMillis((long) (random.nextDouble() * span.toMillis()));
    return new LedgerRow(
        trace,
        id,
        start,
        null,
        pick(NAMESPACES),
        pick(APPS),
        pick(USERS),
        model[0],
        model[1],
        model[1],
        TokenUsage.of(1 + random.nextInt(5000), random.nextInt(900)),
        unpriced ? BigDecimal.ZERO : BigDecimal.valueOf(random.nextInt(50_000_000), 9),
        unpriced,
        null,
        null,
        null,
        "{}",
        null,
        null);
  }

  private <T> T pick(T[] values) {
    return values[random.nextInt(values.length)];
  }

  private void write(List<LedgerRow> rows) throws Exception {
    LedgerWriter writer = new LedgerWriter(db);
    for (int i = 0; i < rows.size(); i += 250) {
      writer.write(rows.subList(i, Math.min(rows.size(), i + 250)));
    }
  }

  private Instant quarter(Instant from, int maxQuarters) {
    return from.plus(Duration.ofMinutes(15L * random.nextInt(maxQuarters)));
  }

  private List<String> some(String[] values) {
    List<String> out = new ArrayList<>();
    for (String v : values) {
      if (random.nextInt(3) == 0) {
        out.add(v);
      }
    }
    return out;
  }

  /** Random windows and scopes: the rollup answer equals the ledger rows' sums. */
  private void assertSpendAndSummariesMatchTheLedger(int windows) throws Exception {
    assertSpendAndSummariesMatchTheLedger(windows, DAY0.minus(Duration.ofHours(2)), 96 * 4);
  }

  /** Windows within maxQuarters quarter-hours from base. */
  private void assertSpendAndSummariesMatchTheLedger(int windows, Instant base, int maxQuarters)
      throws Exception {
    BudgetLedger ledger = new BudgetLedger(db);
    CostQueries queries = new CostQueries(db);
    for (int i = 0; i < windows; i++) {
      Instant a = quarter(base, maxQuarters);
      Instant b = quarter(base, maxQuarters);
      if (!a.isBefore(b)) {
        continue;
      }
      BudgetScope scope =
          new BudgetScope(
              some(NAMESPACES),
              some(APPS),
              some(USERS),
              some(new String[] {"openai", "anthropic", "meta"}),
              random.nextBoolean() ? List.of() : List.of("gpt-4o*"),
              Map.of());
      Instant recentFrom =
          a.plus(
              Duration.ofMinutes(
                  15L * random.nextInt((int) Duration.between(a, b).toMinutes() / 15 + 1)));
      BudgetLedger.Spend spend = ledger.spend(scope, a, recentFrom, b);
      assertThat(spend)
          .as("spend of %s over [%s, %s), recent from %s", scope, a, b, recentFrom)
          .isEqualTo(truth(scope, a, recentFrom, b));

      List<CostDimension> groupBy = new ArrayList<>();
      for (CostDimension d : CostDimension.values()) {
        if (random.nextInt(3) == 0) {
          groupBy.add(d);
        }
      }
      Map<CostDimension, String> filters = new EnumMap<>(CostDimension.class);
      if (random.nextInt(3) == 0) {
        filters.put(CostDimension.USER, pick(USERS));
      }
      if (random.nextInt(3) == 0) {
        filters.put(CostDimension.NAMESPACE, pick(NAMESPACES));
      }
      CostQuery q = new CostQuery(a, b, groupBy, filters);
      CostSummary summary = queries.summary(q);
      assertThat(summary.fromRollups()).isTrue();
      assertThat(grouped(summary)).as("summary %s", q).isEqualTo(truth(q));
    }
  }

  private BudgetLedger.Spend truth(BudgetScope s, Instant a, Instant recentFrom, Instant b)
      throws Exception {
    StringBuilder sql =
        new StringBuilder(
            "SELECT coalesce(sum(cost), 0), count(*), count(*) FILTER (WHERE unpriced),"
                + " coalesce(sum(cost) FILTER (WHERE start_time >= '"
                + recentFrom
                + "'), 0) FROM llm_calls WHERE start_time >= ? AND start_time < ?");
    List<Object> params = new ArrayList<>(List.of(Timestamp.from(a), Timestamp.from(b)));
    in(sql, params, "namespace", s.namespaces());
    in(sql, params, "application", s.applications());
    in(sql, params, "user_id", s.users());
    in(sql, params, "provider", s.providers());
    if (!s.models().isEmpty()) {
      sql.append(" AND model LIKE 'gpt-4o%'");
    }
    String unpricedModels =
        sql.toString()
                .replace(sql.substring(0, sql.indexOf(" FROM llm_calls")), "SELECT DISTINCT model")
            + " AND unpriced ORDER BY model";
    try (Connection c = db.getConnection()) {
      BigDecimal cost;
      BigDecimal recentCost;
      long requests;
      long unpriced;
      try (PreparedStatement ps = c.prepareStatement(sql.toString())) {
        bind(ps, params);
        try (ResultSet rs = ps.executeQuery()) {
          rs.next();
          cost = rs.getBigDecimal(1).setScale(9);
          requests = rs.getLong(2);
          unpriced = rs.getLong(3);
          recentCost = rs.getBigDecimal(4).setScale(9);
        }
      }
      List<String> models = new ArrayList<>();
      try (PreparedStatement ps = c.prepareStatement(unpricedModels)) {
        bind(ps, params);
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            models.add(rs.getString(1));
          }
        }
      }
      return new BudgetLedger.Spend(cost, recentCost, requests, unpriced, models);
    }
  }

  private Map<List<String>, List<Object>> truth(CostQuery q) throws Exception {
    String keys =
        q.groupBy().isEmpty()
            ? "''"
            : String.join(", ", q.groupBy().stream().map(CostDimension::column).toList());
    StringBuilder sql =
        new StringBuilder(
            "SELECT "
                + keys
                + ", coalesce(sum(cost), 0), count(*), coalesce(sum(input_tokens), 0),"
                + " count(*) FILTER (WHERE unpriced) FROM llm_calls"
                + " WHERE start_time >= ? AND start_time < ?");
    List<Object> params =
        new ArrayList<>(List.of(Timestamp.from(q.from()), Timestamp.from(q.to())));
    for (Map.Entry<CostDimension, String> f : q.filters().entrySet()) {
      sql.append(" AND ").append(f.getKey().column()).append(" = ?");
      params.add(f.getValue());
    }
    sql.append(" GROUP BY ").append(q.groupBy().isEmpty() ? "1" : keys);
    Map<List<String>, List<Object>> out = new TreeMap<>(SealedRollupsIT::compareKeys);
    int width = Math.max(1, q.groupBy().size());
    try (Connection c = db.getConnection();
        PreparedStatement ps = c.prepareStatement(sql.toString())) {
      bind(ps, params);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          List<String> key = new ArrayList<>();
          for (int i = 1; i <= q.groupBy().size(); i++) {
            key.add(rs.getString(i));
          }
          out.put(
              key,
              List.of(
                  rs.getBigDecimal(width + 1).setScale(9),
                  rs.getLong(width + 2),
                  rs.getLong(width + 3),
                  rs.getLong(width + 4)));
        }
      }
    }
    return out;
  }

  private static Map<List<String>, List<Object>> grouped(CostSummary s) {
    Map<List<String>, List<Object>> out = new TreeMap<>(SealedRollupsIT::compareKeys);
    if (s.query().groupBy().isEmpty()) {
      if (s.total().requests() > 0) {
        out.put(List.of(), values(s.total()));
      }
      return out;
    }
    for (CostSummary.Group g : s.groups()) {
      out.put(new ArrayList<>(g.key().values()), values(g.totals()));
    }
    return out;
  }

  private static List<Object> values(CostTotals t) {
    return List.of(t.cost().setScale(9), t.requests(), t.inputTokens(), t.unpricedRequests());
  }

  private static int compareKeys(List<String> a, List<String> b) {
    return String.join("\u0000", a).compareTo(String.join("\u0000", b));
  }

  private static void in(StringBuilder sql, List<Object> params, String column, List<String> v) {
    if (!v.isEmpty()) {
      sql.append(" AND ")
          .append(column)
          .append(" IN (")
          .append(String.join(", ", Collections.nCopies(v.size(), "?")))
          .append(")");
      params.addAll(v);
    }
  }

  private static void bind(PreparedStatement ps, List<Object> params) throws Exception {
    for (int i = 0; i < params.size(); i++) {
      ps.setObject(i + 1, params.get(i));
    }
  }

  private long count(String table) throws Exception {
    try (Connection c = db.getConnection();
        ResultSet rs = c.createStatement().executeQuery("SELECT count(*) FROM " + table)) {
      rs.next();
      return rs.getLong(1);
    }
  }

  @Test
  void sealedHoursAndDaysAnswerLikeTheLedgerAlsoWithLateCallsRepriceAndRetention()
      throws Exception {
    List<LedgerRow> early = new ArrayList<>();
    List<LedgerRow> late = new ArrayList<>();
    for (int i = 0; i < 3000; i++) {
      (random.nextBoolean() ? early : late).add(randomRow(DAY0, Duration.ofDays(3)));
    }
    write(early);
    RollupSealer sealer = new RollupSealer(db);
    Instant sealed = sealer.seal(DAY0.plus(Duration.ofHours(50)).plus(Duration.ofMinutes(4)));
    assertThat(sealed).isEqualTo(DAY0.plus(Duration.ofHours(49))); // grace: hour 49 not yet
    assertThat(count("llm_cost_rollup_1d")).isPositive();
    assertThat(count("llm_cost_rollup_1h_apps")).isPositive();
    assertSpendAndSummariesMatchTheLedger(150);

    write(late); // many of them for sealed hours and days
    assertSpendAndSummariesMatchTheLedger(150);

    assertThat(sealer.seal(DAY0.plus(Duration.ofDays(4))))
        .isEqualTo(DAY0.plus(Duration.ofDays(4)).minus(Duration.ofHours(1)));
    assertSpendAndSummariesMatchTheLedger(150);

    // A catalog correction repriced over part of two sealed days.
    new PriceCatalogStore(db).apply(List.of(catalog()), "test");
    Repricer.Report report =
        new Repricer(db)
            .reprice(
                DAY0.plus(Duration.ofHours(20)).plus(Duration.ofMinutes(15)),
                DAY0.plus(Duration.ofHours(30)).plus(Duration.ofMinutes(45)));
    assertThat(report.changed()).isPositive();
    assertSpendAndSummariesMatchTheLedger(150);

    // Retention drops day 0 from the ledger and from every rollup.
    dropBeforeAndCheckRollups(DAY0.plus(Duration.ofDays(1)));
    assertSpendAndSummariesMatchTheLedger(100);
  }

  private void dropBeforeAndCheckRollups(Instant cutoff) throws Exception {
    new Partitions(db).dropBefore(cutoff);
    for (Rollups.Table t : Rollups.Table.values()) {
      try (Connection c = db.getConnection();
          PreparedStatement ps =
              c.prepareStatement("SELECT count(*) FROM " + t.name + " WHERE bucket_start < ?")) {
        ps.setTimestamp(1, Timestamp.from(t.floor(cutoff)));
        try (ResultSet rs = ps.executeQuery()) {
          rs.next();
          assertThat(rs.getLong(1)).as(t.name).isZero();
        }
      }
    }
  }

  @Test
  void sealedMonthsAnswerLikeTheLedgerAlsoWithLateCallsRepriceAndRetention() throws Exception {
    Instant first = Instant.parse("2026-08-20T00:00:00Z");
    Instant windowsFrom = Instant.parse("2026-08-15T00:00:00Z");
    int quarters = 96 * 110;
    List<LedgerRow> early = new ArrayList<>();
    List<LedgerRow> late = new ArrayList<>();
    for (int i = 0; i < 4000; i++) {
      (random.nextBoolean() ? early : late).add(randomRow(first, Duration.ofDays(100)));
    }
    write(early);
    RollupSealer sealer = new RollupSealer(db);
    sealer.seal(Instant.parse("2026-11-27T12:00:00Z"));
    // August (from its first call), September and October are whole and sealed
    assertThat(count("llm_cost_rollup_1mo_apps")).isPositive();
    try (Connection c = db.getConnection();
        ResultSet rs =
            c.createStatement()
                .executeQuery(
                    "SELECT count(DISTINCT bucket_start), max(bucket_start)"
                        + " FROM llm_cost_rollup_1mo_apps")) {
      rs.next();
      assertThat(rs.getInt(1)).isEqualTo(3);
      assertThat(rs.getTimestamp(2).toInstant()).isEqualTo(Instant.parse("2026-10-01T00:00:00Z"));
    }
    assertSpendAndSummariesMatchTheLedger(150, windowsFrom, quarters);

    write(late); // most of them for sealed months
    assertSpendAndSummariesMatchTheLedger(150, windowsFrom, quarters);

    new PriceCatalogStore(db).apply(List.of(catalog()), "test");
    Repricer.Report report =
        new Repricer(db)
            .reprice(Instant.parse("2026-10-10T06:15:00Z"), Instant.parse("2026-10-12T00:00:00Z"));
    assertThat(report.changed()).isPositive();
    assertSpendAndSummariesMatchTheLedger(150, windowsFrom, quarters);

    // Retention cuts September in two: its month keeps only the days that are left.
    dropBeforeAndCheckRollups(Instant.parse("2026-09-10T00:00:00Z"));
    assertSpendAndSummariesMatchTheLedger(150, windowsFrom, quarters);
  }

  @Test
  void sealingWhileWritersWriteLosesAndDoublesNothing() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(3);
    try {
      List<Future<?>> writers = new ArrayList<>();
      for (int w = 0; w < 3; w++) {
        List<LedgerRow> rows = new ArrayList<>();
        {
          for (int i = 0; i < 2000; i++) {
            rows.add(randomRow(DAY0, Duration.ofDays(3)));
          }
        }
        writers.add(
            pool.submit(
                () -> {
                  LedgerWriter writer = new LedgerWriter(db);
                  for (int i = 0; i < rows.size(); i += 20) {
                    writer.write(rows.subList(i, i + 20));
                  }
                  return null;
                }));
      }
      RollupSealer sealer = new RollupSealer(db);
      for (int hour = 1; hour <= 80; hour++) {
        sealer.seal(DAY0.plus(Duration.ofHours(hour)).plus(RollupSealer.GRACE));
      }
      for (Future<?> f : writers) {
        f.get();
      }
    } finally {
      pool.shutdown();
    }
    assertThat(count("llm_calls")).isEqualTo(6000);
    assertSpendAndSummariesMatchTheLedger(200);
  }

  private static LlmPricing catalog() {
    LlmPricing p = new LlmPricing();
    p.setMetadata(new ObjectMetaBuilder().withName("openai").build());
    LlmPricingSpec spec = new LlmPricingSpec();
    spec.setProvider("openai");
    ModelPrice m = new ModelPrice();
    m.setName("gpt-4o");
    m.setInput("2.50");
    m.setOutput("10.00");
    spec.setModels(List.of(m));
    p.setSpec(spec);
    return p;
  }
}
