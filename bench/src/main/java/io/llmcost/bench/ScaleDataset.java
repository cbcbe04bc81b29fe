package io.llmcost.bench;

import io.llmcost.ledger.CopyRows;
import io.llmcost.ledger.LedgerRow;
import io.llmcost.ledger.Migrations;
import io.llmcost.ledger.PriceCatalogStore;
import io.llmcost.model.ServiceTier;
import io.llmcost.model.TokenUsage;
import io.llmcost.pricing.PriceCatalog;
import io.llmcost.pricing.PricingResult;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import javax.sql.DataSource;

/**
 * The scale benchmark's ledger: a realistic spread of LLM calls over 90 days, loaded with COPY.
 *
 * <p>40 namespaces × 10 applications × 10 users; applications and users follow a Zipf-like
 * popularity (a few heavy callers, a long tail), each application uses three of the catalog's
 * models, weekends carry 40 % of a weekday's traffic, office hours more than nights, and 0.2 % of
 * the calls use a model no catalog prices. Every row is priced by the product's {@link
 * PriceCatalog}. Each UTC day is copied into a fresh table, indexed, then attached as that day's
 * partition; the 15-minute rollups are then built from the rows with the same SQL reprice uses.
 */
final class ScaleDataset {
  static final int NAMESPACES = 40;
  static final int APPS_PER_NAMESPACE = 10;
  static final int USERS_PER_APP = 10;
  static final int DAYS = 90;
  static final String UNPRICED_MODEL = "llama-3-70b-internal";

  /** Provider and model of each catalog model the applications use (see IngestBenchmark). */
  static final String[][] MODELS = {
    {"openai", "gpt-4o"},
    {"openai", "gpt-4o-mini"},
    {"openai", "o4-mini"},
    {"anthropic", "claude-sonnet-4"},
    {"anthropic", "claude-haiku-3.5"},
    {"gemini", "gemini-2.5-flash"},
    {"gemini", "gemini-2.5-pro"},
    {"mistral", "mistral-large"}
  };

  private static final double[] HOUR_WEIGHTS = hourWeights();
  private static final int CHUNK = 50_000;

  private final long totalRows;
  private final Instant end;
  private final PriceCatalog catalog;
  private final double[] appCumulative;
  private final double[] userCumulative;

  ScaleDataset(long totalRows, Instant end, PriceCatalog catalog) {
    this.totalRows = totalRows;
    this.end = end;
    this.catalog = catalog;
    this.appCumulative = zipf(NAMESPACES * APPS_PER_NAMESPACE, 0.9);
    this.userCumulative = zipf(USERS_PER_APP, 1.0);
  }

  static String namespace(int app) {
    return "team-%02d".formatted(app % NAMESPACES);
  }

  static String application(int app) {
    return "app-%03d".formatted(app);
  }

  static String user(int app, int user) {
    return "user-%03d-%d".formatted(app, user);
  }

  /** The index into {@link #MODELS} of an application's k-th model (k in 0..2). */
  static int modelOf(int app, int k) {
    return (app * 5 + k * 3) % MODELS.length;
  }

  /** Loads the rows and rollups; returns the number of rows loaded. */
  long load(DataSource db, int threads) throws Exception {
    Migrations.migrate(db);
    new PriceCatalogStore(db).apply(IngestBenchmark.catalogs(), "bench-scale");
    Instant start = end.minus(Duration.ofDays(DAYS));
    List<LocalDate> days = new ArrayList<>();
    for (LocalDate d = LocalDate.ofInstant(start, ZoneOffset.UTC);
        !d.atStartOfDay().toInstant(ZoneOffset.UTC).isAfter(end.minusNanos(1));
        d = d.plusDays(1)) {
      days.add(d);
    }
    double[] weights = new double[days.size()];
    double sum = 0;
    for (int i = 0; i < days.size(); i++) {
      weights[i] = dayWeight(days.get(i), i, days.size()) * covered(days.get(i), start) / 86_400.0;
      sum += weights[i];
    }
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    AtomicLong loaded = new AtomicLong();
    List<Future<?>> work = new ArrayList<>();
    long assigned = 0;
    for (int i = 0; i < days.size(); i++) {
      long rows =
          i == days.size() - 1 ? totalRows - assigned : Math.round(totalRows * weights[i] / sum);
      assigned += rows;
      LocalDate day = days.get(i);
      long seed = day.toEpochDay();
      work.add(
          pool.submit(
              () -> {
                loadDay(db, day, start, rows, new SplittableRandom(seed));
                long done = loaded.addAndGet(rows);
                System.err.printf("scale: %s loaded (%,d rows so far)%n", day, done);
                return null;
              }));
    }
    try {
      for (Future<?> f : work) {
        f.get();
      }
    } finally {
      pool.shutdown();
    }
    try (Connection c = db.getConnection();
        Statement s = c.createStatement()) {
      s.execute("VACUUM ANALYZE llm_cost_rollup_15m");
      s.execute("ANALYZE llm_calls");
    }
    return loaded.get();
  }

  /** Seconds of the day inside [start, end). */
  private long covered(LocalDate day, Instant start) {
    Instant from = day.atStartOfDay().toInstant(ZoneOffset.UTC);
    Instant to = from.plus(Duration.ofDays(1));
    Instant a = from.isBefore(start) ? start : from;
    Instant b = to.isAfter(end) ? end : to;
    return Math.max(0, Duration.between(a, b).toSeconds());
  }

  /** Weekends carry 40 % of a weekday; traffic grows by half over the 90 days. */
  private static double dayWeight(LocalDate day, int index, int count) {
    double weekday = day.getDayOfWeek().getValue() >= 6 ? 0.4 : 1.0;
    return weekday * (0.8 + 0.4 * index / Math.max(1, count - 1));
  }

  private void loadDay(DataSource db, LocalDate day, Instant start, long rows, SplittableRandom r)
      throws SQLException {
    String table = "llm_calls_" + day.toString().replace("-", "");
    Instant from = day.atStartOfDay().toInstant(ZoneOffset.UTC);
    Instant to = from.plus(Duration.ofDays(1));
    Instant lo = from.isBefore(start) ? start : from;
    Instant hi = to.isAfter(end) ? end : to;
    try (Connection c = db.getConnection();
        Statement s = c.createStatement()) {
      c.setAutoCommit(false);
      // Created in the loading transaction, so with wal_level=minimal the COPY skips the WAL.
      s.execute("DROP TABLE IF EXISTS " + table);
      s.execute(
          "CREATE TABLE " + table + " (LIKE llm_calls INCLUDING DEFAULTS INCLUDING CONSTRAINTS)");
      List<LedgerRow> chunk = new ArrayList<>(CHUNK);
      for (long i = 0; i < rows; i++) {
        chunk.add(row(r, lo, hi));
        if (chunk.size() == CHUNK) {
          CopyRows.copy(c, table, chunk);
          chunk.clear();
        }
      }
      CopyRows.copy(c, table, chunk);
      // Indexes built once over the whole day, in the creating transaction (no WAL either); the
      // CHECK constraint spares the attach a validation scan.
      s.execute("ALTER TABLE " + table + " ADD PRIMARY KEY (trace_id, span_id, start_time)");
      s.execute("CREATE INDEX ON " + table + " (namespace, start_time)");
      s.execute("CREATE INDEX ON " + table + " (model, start_time) WHERE unpriced");
      String bounds = "'%s' AND start_time < '%s'".formatted(from, to);
      s.execute(
          "ALTER TABLE "
              + table
              + " ADD CONSTRAINT "
              + table
              + "_day CHECK (start_time >= "
              + bounds
              + ")");
      c.commit();
      c.setAutoCommit(true);
      s.execute(
          "ALTER TABLE llm_calls ATTACH PARTITION "
              + table
              + " FOR VALUES FROM ('"
              + from
              + "') TO ('"
              + to
              + "')");
      s.execute("ALTER TABLE " + table + " DROP CONSTRAINT " + table + "_day");
      s.execute(
          "INSERT INTO llm_cost_rollup_15m (bucket_start, namespace, application, user_id,"
              + " provider, model, requests, unpriced_requests, input_tokens, output_tokens,"
              + " cache_read_tokens, cache_write_tokens, reasoning_tokens, cost)"
              + " SELECT date_bin('15 minutes', start_time, timestamptz '2000-01-01 00:00:00+00'),"
              + " namespace, application, user_id, provider, model, count(*),"
              + " count(*) FILTER (WHERE unpriced), sum(input_tokens), sum(output_tokens),"
              + " sum(cache_read_tokens), sum(cache_write_tokens), sum(reasoning_tokens), sum(cost)"
              + " FROM "
              + table
              + " GROUP BY 1, 2, 3, 4, 5, 6");
    }
  }

  private LedgerRow row(SplittableRandom r, Instant lo, Instant hi) {
    byte[] trace = new byte[16];
    byte[] span = new byte[8];
    r.nextBytes(trace);
    r.nextBytes(span);
    int app = pick(appCumulative, r);
    int user = pick(userCumulative, r);
    double m = r.nextDouble();
    String provider;
    String model;
    if (m < 0.002) {
      provider = "meta";
      model = UNPRICED_MODEL;
    } else {
      String[] chosen = MODELS[modelOf(app, m < 0.6 ? 0 : m < 0.9 ? 1 : 2)];
      provider = chosen[0];
      model = chosen[1];
    }
    Instant startTime = time(r, lo, hi);
    long input = Math.min(128_000, Math.round(Math.exp(Math.log(1200) + r.nextDouble() * 2 - 1)));
    long output =
        Math.min(16_000, Math.round(Math.exp(Math.log(250) + r.nextDouble() * 1.8 - 0.9)));
    long cacheRead = r.nextDouble() < 0.35 ? Math.round(input * (0.2 + 0.7 * r.nextDouble())) : 0;
    long reasoning = model.equals("o4-mini") ? Math.round(output * 0.6) : 0;
    TokenUsage usage =
        new TokenUsage(input, output, cacheRead, 0, reasoning, ServiceTier.STANDARD, false);
    PricingResult price = catalog.price(provider, model, startTime, usage);
    long latency = 200 + output * 12 + r.nextInt(400);
    String p = price instanceof PricingResult.Priced priced ? priced.catalog() : null;
    String pm = price instanceof PricingResult.Priced priced ? priced.modelEntry() : null;
    return new LedgerRow(
        trace,
        span,
        startTime,
        startTime.plusMillis(latency),
        namespace(app),
        application(app),
        user(app, user),
        provider,
        model,
        model,
        usage,
        price.cost(),
        !price.priced(),
        p,
        pm,
        latency,
        null,
        null,
        null);
  }

  /** A start time in [lo, hi), more likely in office hours (UTC). */
  private static Instant time(SplittableRandom r, Instant lo, Instant hi) {
    long span = Duration.between(lo, hi).toMillis();
    for (int attempt = 0; attempt < 32; attempt++) {
      Instant t = lo.plusMillis((long) (r.nextDouble() * span));
      int hour = t.atZone(ZoneOffset.UTC).getHour();
      if (r.nextDouble() < HOUR_WEIGHTS[hour]) {
        return t.truncatedTo(ChronoUnit.MICROS);
      }
    }
    return lo.plusMillis((long) (r.nextDouble() * span)).truncatedTo(ChronoUnit.MICROS);
  }

  private static double[] hourWeights() {
    double[] w = new double[24];
    for (int h = 0; h < 24; h++) {
      w[h] = 0.35 + 0.65 * Math.max(0, Math.sin(Math.PI * (h - 6) / 14.0));
    }
    return w;
  }

  private static double[] zipf(int n, double exponent) {
    double[] c = new double[n];
    double sum = 0;
    for (int i = 0; i < n; i++) {
      sum += 1 / Math.pow(i + 1, exponent);
      c[i] = sum;
    }
    for (int i = 0; i < n; i++) {
      c[i] /= sum;
    }
    return c;
  }

  private static int pick(double[] cumulative, SplittableRandom r) {
    double x = r.nextDouble();
    int lo = 0;
    int hi = cumulative.length - 1;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (cumulative[mid] < x) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    return lo;
  }

  /** Rows in the ledger (from the catalog statistics once analyzed, exact otherwise). */
  static long rowCount(DataSource db) throws SQLException {
    try (Connection c = db.getConnection();
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT count(*) FROM llm_calls")) {
      rs.next();
      return rs.getLong(1);
    }
  }
}
