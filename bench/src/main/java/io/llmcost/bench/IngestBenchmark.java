package io.llmcost.bench;

import com.zaxxer.hikari.HikariDataSource;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.llmcost.ingest.SpanConverter;
import io.llmcost.ingester.IngesterConfig;
import io.llmcost.ingester.IngesterServer;
import io.llmcost.ledger.CopyRows;
import io.llmcost.ledger.LedgerDatabase;
import io.llmcost.ledger.LedgerRow;
import io.llmcost.ledger.LedgerWriter;
import io.llmcost.ledger.Migrations;
import io.llmcost.ledger.Partitions;
import io.llmcost.ledger.PriceCatalogStore;
import io.llmcost.model.pricing.LlmPricing;
import io.llmcost.model.pricing.LlmPricingSpec;
import io.llmcost.model.pricing.ModelPrice;
import io.llmcost.pricing.PriceCatalog;
import io.llmcost.pricing.PriceCatalogEntry;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Ingest throughput, measured four ways on the same generated calls: OTLP/HTTP end to end (an
 * answer means committed), the conversion alone (parse, attribute, price), the ledger writer alone
 * (COPY, dedupe, rollups, signal) and a raw COPY of the same rows into the ledger table.
 */
@Command(
    name = "quick",
    mixinStandardHelpOptions = true,
    description = "ingest figures in one process (a first look)")
public final class IngestBenchmark implements Callable<Integer> {
  @Option(names = "--spans", defaultValue = "200000", description = "LLM-call spans to send")
  int spans;

  @Option(names = "--spans-per-request", defaultValue = "1000")
  int perRequest;

  @Option(names = "--clients", defaultValue = "4", description = "concurrent OTLP/HTTP clients")
  int clients;

  @Option(names = "--writers", defaultValue = "2")
  int writers;

  @Option(names = "--batch-spans", defaultValue = "10000")
  int batchSpans;

  @Option(names = "--db-url", description = "an external PostgreSQL (default: embedded)")
  String dbUrl;

  public static void main(String[] args) {
    System.exit(new CommandLine(new IngestBenchmark()).execute(args));
  }

  @Override
  public Integer call() throws Exception {
    EmbeddedPostgres pg = dbUrl == null ? BenchPostgres.durable().start() : null;
    try {
      System.out.printf(
          "machine: %d cores, %s; java %s; postgres %s%n",
          Runtime.getRuntime().availableProcessors(),
          System.getProperty("os.arch"),
          System.getProperty("java.version"),
          pg != null ? "embedded (zonky, same machine)" : "external");
      List<ExportTraceServiceRequest> warmup = generate(20_000, new Random(1));
      List<ExportTraceServiceRequest> requests = generate(spans, new Random(2));

      double http = runHttp(database(pg, "bench_http"), warmup, requests);
      SpanConverter converter =
          new SpanConverter(IngestBenchmark::catalog, Clock.systemUTC(), false, null);
      List<LedgerRow> rows = new ArrayList<>();
      long t0 = System.nanoTime();
      for (ExportTraceServiceRequest r : requests) {
        rows.addAll(converter.convert(r).rows());
      }
      double convert = rate(rows.size(), t0);
      double writer = runWriter(database(pg, "bench_writer"), rows);
      double copy = runRawCopy(database(pg, "bench_copy"), rows);

      System.out.printf("spans: %d in requests of %d%n", spans, perRequest);
      System.out.printf(
          "OTLP/HTTP end to end (%d clients, %d writers, batches <= %d): %,.0f spans/s%n",
          clients, writers, batchSpans, http);
      System.out.printf(
          "conversion only (protobuf -> priced rows, 1 thread): %,.0f spans/s%n", convert);
      System.out.printf(
          "ledger writer only (%d threads, batches of %d): %,.0f spans/s%n",
          writers, batchSpans, writer);
      System.out.printf("raw COPY of the same rows (%d threads): %,.0f spans/s%n", writers, copy);
      System.out.printf("ledger writer / raw COPY: %.2f%n", writer / copy);
      System.out.printf("end to end / raw COPY: %.2f%n", http / copy);
    } finally {
      if (pg != null) {
        pg.close();
      }
    }
    return 0;
  }

  private String database(EmbeddedPostgres pg, String name) throws Exception {
    if (pg == null) {
      return dbUrl; // one external database: runs share it, each on fresh ids
    }
    try (Connection c = pg.getPostgresDatabase().getConnection();
        Statement s = c.createStatement()) {
      s.execute("CREATE DATABASE " + name);
    }
    return pg.getJdbcUrl("postgres", name) + "&password=postgres";
  }

  private double runHttp(
      String url, List<ExportTraceServiceRequest> warmup, List<ExportTraceServiceRequest> requests)
      throws Exception {
    try (HikariDataSource db = LedgerDatabase.pool(url, null, null, writers + 4)) {
      Migrations.migrate(db);
      new PriceCatalogStore(db).apply(catalogs(), "bench");
      IngesterConfig config =
          IngesterConfig.builder(0, 0, 0)
              .withBindAddress("127.0.0.1")
              .withLimits(64 * 1024 * 1024, 200_000, batchSpans, writers)
              .build();
      try (IngesterServer server = IngesterServer.start(db, config)) {
        String endpoint = "http://127.0.0.1:" + server.otlpHttpPort() + "/v1/traces";
        send(endpoint, warmup);
        long before = count(db);
        long t0 = System.nanoTime();
        send(endpoint, requests);
        double rate = rate(spans, t0);
        long stored = count(db) - before;
        if (stored != spans) {
          throw new IllegalStateException("stored " + stored + " of " + spans + " spans");
        }
        return rate;
      }
    }
  }

  private void send(String endpoint, List<ExportTraceServiceRequest> requests) throws Exception {
    HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    ConcurrentLinkedQueue<ExportTraceServiceRequest> queue = new ConcurrentLinkedQueue<>(requests);
    ExecutorService pool = Executors.newFixedThreadPool(clients);
    List<Future<?>> done = new ArrayList<>();
    AtomicInteger retries = new AtomicInteger();
    for (int i = 0; i < clients; i++) {
      done.add(
          pool.submit(
              () -> {
                ExportTraceServiceRequest r;
                while ((r = queue.poll()) != null) {
                  byte[] body = r.toByteArray();
                  while (true) {
                    HttpResponse<Void> response =
                        http.send(
                            HttpRequest.newBuilder(URI.create(endpoint))
                                .header("Content-Type", "application/x-protobuf")
                                .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                                .build(),
                            HttpResponse.BodyHandlers.discarding());
                    if (response.statusCode() == 200) {
                      break;
                    }
                    if (response.statusCode() != 503) {
                      throw new IllegalStateException("HTTP " + response.statusCode());
                    }
                    retries.incrementAndGet();
                    Thread.sleep(50);
                  }
                }
                return null;
              }));
    }
    for (Future<?> f : done) {
      f.get();
    }
    pool.shutdown();
    if (retries.get() > 0) {
      System.out.printf("  (%d requests retried after 503)%n", retries.get());
    }
  }

  private double runWriter(String url, List<LedgerRow> rows) throws Exception {
    try (HikariDataSource db = LedgerDatabase.pool(url, null, null, writers + 2)) {
      Migrations.migrate(db);
      LocalDate today = LocalDate.now(ZoneOffset.UTC);
      new Partitions(db).ensure(today.minusDays(1), today.plusDays(1));
      return parallel(rows, batch -> new LedgerWriter(db).write(batch), db);
    }
  }

  private double runRawCopy(String url, List<LedgerRow> rows) throws Exception {
    try (HikariDataSource db = LedgerDatabase.pool(url, null, null, writers + 2)) {
      Migrations.migrate(db);
      LocalDate today = LocalDate.now(ZoneOffset.UTC);
      new Partitions(db).ensure(today.minusDays(1), today.plusDays(1));
      return parallel(
          rows,
          batch -> {
            try (Connection c = db.getConnection()) {
              c.setAutoCommit(false);
              CopyRows.copy(c, "llm_calls", batch);
              c.commit();
            }
          },
          db);
    }
  }

  private interface BatchWrite {
    void write(List<LedgerRow> batch) throws Exception;
  }

  private double parallel(List<LedgerRow> rows, BatchWrite write, HikariDataSource db)
      throws Exception {
    ConcurrentLinkedQueue<List<LedgerRow>> batches = new ConcurrentLinkedQueue<>();
    for (int i = 0; i < rows.size(); i += batchSpans) {
      batches.add(rows.subList(i, Math.min(rows.size(), i + batchSpans)));
    }
    ExecutorService pool = Executors.newFixedThreadPool(writers);
    long t0 = System.nanoTime();
    List<Future<?>> done = new ArrayList<>();
    for (int i = 0; i < writers; i++) {
      done.add(
          pool.submit(
              () -> {
                List<LedgerRow> batch;
                while ((batch = batches.poll()) != null) {
                  write.write(batch);
                }
                return null;
              }));
    }
    for (Future<?> f : done) {
      f.get();
    }
    double rate = rate(rows.size(), t0);
    pool.shutdown();
    if (count(db) != rows.size()) {
      throw new IllegalStateException("stored " + count(db) + " of " + rows.size());
    }
    return rate;
  }

  private static long count(HikariDataSource db) throws Exception {
    try (Connection c = db.getConnection();
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT count(*) FROM llm_calls")) {
      rs.next();
      return rs.getLong(1);
    }
  }

  private static double rate(long n, long startNanos) {
    return n / ((System.nanoTime() - startNanos) / 1e9);
  }

  /** The same realistic calls as the harness's load generator (SpanFactory). */
  private List<ExportTraceServiceRequest> generate(int count, Random random) throws Exception {
    List<ExportTraceServiceRequest> out = new ArrayList<>();
    for (byte[] body : SpanFactory.requests(count, perRequest, random.nextLong())) {
      out.add(ExportTraceServiceRequest.parseFrom(body));
    }
    return out;
  }

  static PriceCatalog catalog() {
    return CATALOG;
  }

  private static final PriceCatalog CATALOG =
      PriceCatalog.of(
          catalogs().stream()
              .map(p -> new PriceCatalogEntry(p.getMetadata().getName(), p.getSpec()))
              .toList());

  static List<LlmPricing> catalogs() {
    return List.of(
        pricing(
            "openai",
            model("gpt-4o", "2.50", "10.00", "1.25"),
            model("gpt-4o-mini", "0.15", "0.60", "0.075"),
            model("o4-mini", "1.10", "4.40", "0.275")),
        pricing(
            "anthropic",
            model("claude-sonnet-4", "3.00", "15.00", "0.30"),
            model("claude-haiku-3.5", "0.80", "4.00", "0.08")),
        pricing(
            "gemini",
            model("gemini-2.5-flash", "0.30", "2.50", "0.075"),
            model("gemini-2.5-pro", "1.25", "10.00", "0.31")),
        pricing("mistral", model("mistral-large", "2.00", "6.00", "2.00")));
  }

  private static LlmPricing pricing(String provider, ModelPrice... models) {
    LlmPricing p = new LlmPricing();
    p.setMetadata(new ObjectMetaBuilder().withName(provider).build());
    LlmPricingSpec spec = new LlmPricingSpec();
    spec.setProvider(provider);
    spec.setModels(List.of(models));
    p.setSpec(spec);
    return p;
  }

  private static ModelPrice model(String name, String input, String output, String cacheRead) {
    ModelPrice m = new ModelPrice();
    m.setName(name);
    m.setInput(input);
    m.setOutput(output);
    m.setCacheRead(cacheRead);
    return m;
  }
}
