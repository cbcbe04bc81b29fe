package io.llmcost.bench;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.llmcost.budget.BudgetWindow;
import io.llmcost.ingester.IngesterConfig;
import io.llmcost.ingester.IngesterServer;
import io.llmcost.ledger.BudgetLedger;
import io.llmcost.ledger.BudgetScope;
import io.llmcost.ledger.LedgerWriter;
import io.llmcost.ledger.RollupSealer;
import io.llmcost.model.budget.BudgetPeriod;
import io.llmcost.model.budget.LlmBudget;
import io.llmcost.reconcilers.BudgetEngine;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The scale benchmark: 10,000 LlmBudgets over 100 million ledger rows. Measures each budget's spend
 * query (the operator's own {@link BudgetLedger#spend}), the cost summary API over the whole
 * ledger, and, on the real API server of KUBECONFIG, the time from operator start until every
 * budget's status is written, and the operator's live heap after that.
 */
@Command(name = "scale", mixinStandardHelpOptions = true)
final class ScaleBench implements Callable<Integer> {
  @Option(names = "--rows", defaultValue = "100000000")
  long rows;

  @Option(names = "--budgets", defaultValue = "10000")
  int budgetCount;

  @Option(names = "--data-dir", required = true, description = "kept PostgreSQL data directory")
  Path dataDir;

  @Option(names = "--load-threads", defaultValue = "2")
  int loadThreads;

  @Option(names = "--load-only", description = "load (or reuse) the dataset and stop")
  boolean loadOnly;

  @Option(
      names = "--sql",
      description = "run the statements of this file (one per line) on the dataset and stop")
  Path sqlFile;

  @Option(names = "--crds", defaultValue = "crds", description = "the CRD directory")
  Path crds;

  @Option(names = "--operator-heap", defaultValue = "256m", description = "the operator's -Xmx")
  String operatorHeap;

  /** Which measurements to run. */
  enum Phase {
    all,
    queries,
    resync
  }

  @Option(names = "--phase", defaultValue = "all", description = "all, queries or resync")
  Phase phase;

  @Option(
      names = "--operator-jvm-option",
      description = "more options for the operator's JVM (a profiler, say)")
  List<String> operatorJvmOptions = new ArrayList<>();

  @Override
  public Integer call() throws Exception {
    try (ScaleDatabase db = ScaleDatabase.open(dataDir, rows, loadThreads)) {
      System.out.printf("scale_rows=%d%n", ScaleDataset.rowCount(db.pool));
      if (loadOnly) {
        return 0;
      }
      if (sqlFile != null) {
        runSql(db, Files.readAllLines(sqlFile), true);
        return 0;
      }
      // The ingester seals hours as they end; a freshly loaded (or upgraded) ledger is sealed here
      // once, as the first sealing after an upgrade would.
      long sealing = System.nanoTime();
      new RollupSealer(db.pool).seal(db.end);
      System.out.printf("seal_backfill_s=%.1f%n", (System.nanoTime() - sealing) / 1e9);
      // What autovacuum does after large inserts (statistics, visibility map), done now rather
      // than whenever it gets to it.
      runSql(
          db,
          List.of(
              "VACUUM ANALYZE llm_cost_rollup_15m",
              "VACUUM ANALYZE llm_cost_rollup_1h",
              "VACUUM ANALYZE llm_cost_rollup_1h_apps",
              "VACUUM ANALYZE llm_cost_rollup_1d",
              "VACUUM ANALYZE llm_cost_rollup_1d_apps",
              "VACUUM ANALYZE llm_cost_rollup_1mo_apps"),
          false);
      List<ScaleBudgets.Budget> budgets = ScaleBudgets.generate(budgetCount);
      if (phase != Phase.resync) {
        budgetQueries(db, budgets);
        summaryQueries(db);
      }
      if (phase != Phase.queries) {
        resync(db, budgets);
      }
    }
    return 0;
  }

  /** Each budget's period spend, as the operator queries it, at the dataset's end. */
  private void budgetQueries(ScaleDatabase db, List<ScaleBudgets.Budget> budgets) throws Exception {
    BudgetLedger ledger = new BudgetLedger(db.pool);
    List<Long> micros = new ArrayList<>();
    Map<String, List<Long>> byKind = new java.util.TreeMap<>();
    for (int pass = 0; pass < 2; pass++) { // the first pass warms caches and JIT
      micros.clear();
      byKind.clear();
      for (ScaleBudgets.Budget b : budgets) {
        BudgetWindow w =
            BudgetWindow.containing(BudgetPeriod.valueOf(b.period()), ZoneId.of(b.zone()), db.end);
        // the recent share too, as BudgetEngine asks for it
        Instant recentFrom = BudgetEngine.recentFrom(w, db.end);
        long t0 = System.nanoTime();
        ledger.spend(scope(b), w.startInstant(), recentFrom, w.endInstant());
        long took = (System.nanoTime() - t0) / 1000;
        micros.add(took);
        byKind
            .computeIfAbsent(
                b.name().replaceAll("-?[0-9]+", "") + " " + b.period(), k -> new ArrayList<>())
            .add(took);
      }
    }
    // Where the slow ones are: per kind of budget, on stderr.
    byKind.forEach(
        (kind, list) -> {
          Collections.sort(list);
          System.err.printf(
              "budget query %-28s n=%5d p50=%6.2f ms p99=%7.2f ms max=%7.2f ms%n",
              kind,
              list.size(),
              percentile(list, 0.5) / 1000.0,
              percentile(list, 0.99) / 1000.0,
              list.get(list.size() - 1) / 1000.0);
        });
    Collections.sort(micros);
    System.out.printf("budget_query_p50_ms=%.2f%n", percentile(micros, 0.50) / 1000.0);
    System.out.printf("budget_query_p99_ms=%.2f%n", percentile(micros, 0.99) / 1000.0);
    System.out.printf("budget_query_max_ms=%.2f%n", micros.get(micros.size() - 1) / 1000.0);
  }

  /** The scope the operator gives a budget. */
  private static BudgetScope scope(ScaleBudgets.Budget b) {
    return BudgetEngine.scope(
        io.fabric8.kubernetes.client.utils.Serialization.unmarshal(b.yaml("1"), LlmBudget.class),
        ScaleBudgets.PLATFORM_NAMESPACE);
  }

  /** The cost summary API over the whole ledger, with the usual groupings. */
  private void summaryQueries(ScaleDatabase db) throws Exception {
    Instant to = LedgerWriter.bucketOf(db.end).plus(Duration.ofMinutes(15));
    Instant from = LedgerWriter.bucketOf(db.end.minus(Duration.ofDays(ScaleDataset.DAYS)));
    String[] groupings = {"", "namespace", "model", "provider", "namespace,model", "application"};
    try (IngesterServer api =
        IngesterServer.start(
            db.pool,
            IngesterConfig.builder(0, 0, 0)
                .withBindAddress("127.0.0.1")
                .withClock(
                    java.time.Clock.offset(
                        java.time.Clock.systemUTC(), Duration.between(Instant.now(), db.end)))
                .build())) {
      HttpClient http = HttpClient.newHttpClient();
      List<Long> micros = new ArrayList<>();
      Map<String, List<Long>> byGrouping = new java.util.TreeMap<>();
      for (int round = 0; round < 21; round++) {
        for (String groupBy : groupings) {
          URI uri =
              URI.create(
                  "http://127.0.0.1:%d/api/v1/costs/summary?from=%s&to=%s%s"
                      .formatted(
                          api.httpPort(),
                          from,
                          to,
                          groupBy.isEmpty() ? "" : "&groupBy=" + groupBy));
          long t0 = System.nanoTime();
          HttpResponse<String> r =
              http.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString());
          long took = (System.nanoTime() - t0) / 1000;
          if (r.statusCode() != 200) {
            throw new IllegalStateException("summary: HTTP " + r.statusCode() + " " + r.body());
          }
          if (round > 0) { // round 0 warms up
            micros.add(took);
            byGrouping.computeIfAbsent(groupBy, g -> new ArrayList<>()).add(took);
          }
        }
      }
      byGrouping.forEach(
          (grouping, list) -> {
            Collections.sort(list);
            System.err.printf(
                "summary groupBy=%-16s p50=%6.1f ms max=%6.1f ms%n",
                grouping, percentile(list, 0.5) / 1000.0, list.get(list.size() - 1) / 1000.0);
          });
      Collections.sort(micros);
      System.out.printf("summary_query_p50_ms=%.1f%n", percentile(micros, 0.50) / 1000.0);
      System.out.printf("summary_query_p99_ms=%.1f%n", percentile(micros, 0.99) / 1000.0);
    }
  }

  /** Operator start to every budget's status written, on the real API server. */
  private void resync(ScaleDatabase db, List<ScaleBudgets.Budget> budgets) throws Exception {
    try (KubernetesClient client = new KubernetesClientBuilder().build()) {
      BenchCluster.applyCrds(client, crds);
      if (!client.resources(LlmBudget.class).inAnyNamespace().list().getItems().isEmpty()) {
        throw new IllegalStateException("the cluster already holds LlmBudgets: start a fresh one");
      }
      Set<String> namespaces = new java.util.TreeSet<>();
      budgets.forEach(b -> namespaces.add(b.namespace()));
      BenchCluster.namespaces(client, namespaces);
      createAll(client, budgets);
      System.err.printf("scale: %d budgets created%n", budgets.size());

      Map<String, Boolean> written = new ConcurrentHashMap<>();
      SharedIndexInformer<LlmBudget> informer =
          client
              .resources(LlmBudget.class)
              .inAnyNamespace()
              .inform(
                  BenchCluster.onAddOrUpdate(
                      (LlmBudget b) -> {
                        if (b.getStatus() != null
                            && b.getStatus().getSpent() != null
                            && Objects.equals(
                                b.getStatus().getObservedGeneration(),
                                b.getMetadata().getGeneration())) {
                          written.put(
                              b.getMetadata().getNamespace() + "/" + b.getMetadata().getName(),
                              true);
                        }
                      }));
      String jar =
          Path.of(ScaleBench.class.getProtectionDomain().getCodeSource().getLocation().toURI())
              .toString();
      long started = System.nanoTime();
      // the Helm chart's JVM flags (operator.javaOptions), with the heap capped instead of a share
      List<String> command =
          new ArrayList<>(
              List.of(
                  "java", "-Xmx" + operatorHeap, "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC"));
      command.addAll(operatorJvmOptions);
      command.addAll(
          List.of("-jar", jar, "scale-operator", "--db-url", db.url, "--at", db.end.toString()));
      Process operator =
          new ProcessBuilder(command)
              .redirectError(
                  ProcessBuilder.Redirect.appendTo(
                      new java.io.File("/tmp/llmcost-bench-scale-operator.log")))
              .start();
      try {
        long deadline = started + TimeUnit.MINUTES.toNanos(15);
        while (written.size() < budgets.size()) {
          if (System.nanoTime() > deadline || !operator.isAlive()) {
            throw new IllegalStateException(
                "statuses written: %d of %d (operator alive: %s)"
                    .formatted(written.size(), budgets.size(), operator.isAlive()));
          }
          Thread.sleep(20);
        }
        System.out.printf("resync_10k_budgets_s=%.1f%n", (System.nanoTime() - started) / 1e9);
        PrintWriter in = new PrintWriter(operator.getOutputStream(), true, StandardCharsets.UTF_8);
        BufferedReader out =
            new BufferedReader(
                new InputStreamReader(operator.getInputStream(), StandardCharsets.UTF_8));
        in.println("heap");
        for (String line; (line = out.readLine()) != null; ) {
          if (line.startsWith("HEAP ")) {
            System.out.printf("operator_heap_mib=%s%n", line.substring(5));
            break;
          }
        }
        System.out.printf("operator_xmx=%s%n", operatorHeap);
      } finally {
        operator.destroy();
        operator.waitFor(30, TimeUnit.SECONDS);
      }
      try {
        statusWriteFloor(client);
      } finally {
        informer.close();
      }
    }
  }

  /**
   * What the API server alone needs for the resync's writes: every budget's status written once
   * more (server-side apply, as the operator writes it, from 16 threads, the informer watching),
   * with nothing computed. The operator stopped first.
   */
  private static void statusWriteFloor(KubernetesClient client) throws Exception {
    List<LlmBudget> written = client.resources(LlmBudget.class).inAnyNamespace().list().getItems();
    System.out.printf(
        "status_write_floor_10k_s=%.1f%n",
        writeStatuses(
            client,
            written,
            "0.01",
            new PatchContext.Builder()
                .withPatchType(PatchType.SERVER_SIDE_APPLY)
                .withFieldManager("llmbudget")
                .withForce(true)
                .build()));
    // the same with JSON merge patches, for comparison (server-side apply costs the server more)
    System.out.printf(
        "status_write_floor_merge_patch_10k_s=%.1f%n",
        writeStatuses(client, written, "0.02", PatchContext.of(PatchType.JSON_MERGE)));
  }

  /** Writes every budget's status with a changed forecast from 16 threads; returns seconds. */
  private static double writeStatuses(
      KubernetesClient client, List<LlmBudget> written, String forecast, PatchContext patch)
      throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(16);
    try {
      long started = System.nanoTime();
      List<Future<?>> done = new ArrayList<>();
      for (LlmBudget b : written) {
        LlmBudget fresh = new LlmBudget();
        fresh.setMetadata(
            new io.fabric8.kubernetes.api.model.ObjectMetaBuilder()
                .withName(b.getMetadata().getName())
                .withNamespace(b.getMetadata().getNamespace())
                .build());
        fresh.setStatus(b.getStatus());
        // a changed figure, so that every write is a real one
        fresh.getStatus().setForecast(forecast);
        done.add(pool.submit(() -> client.resource(fresh).subresource("status").patch(patch)));
      }
      for (Future<?> f : done) {
        f.get();
      }
      return (System.nanoTime() - started) / 1e9;
    } finally {
      pool.shutdown();
    }
  }

  private static void createAll(KubernetesClient client, List<ScaleBudgets.Budget> budgets)
      throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(16);
    try {
      List<Future<?>> done = new ArrayList<>();
      for (ScaleBudgets.Budget b : budgets) {
        done.add(
            pool.submit(
                () ->
                    client
                        .resource(
                            client
                                .getKubernetesSerialization()
                                .unmarshal(b.yaml(ScaleBudgets.limit(b)), LlmBudget.class))
                        .create()));
      }
      for (Future<?> f : done) {
        f.get();
      }
    } finally {
      pool.shutdown();
    }
  }

  /** Runs statements (EXPLAIN ANALYZE, maintenance) and prints what they return. */
  private static void runSql(ScaleDatabase db, List<String> statements, boolean print)
      throws Exception {
    try (java.sql.Connection c = db.pool.getConnection();
        java.sql.Statement s = c.createStatement()) {
      for (String sql : statements) {
        if (sql.isBlank()) {
          continue;
        }
        if (print) {
          System.out.println("> " + sql);
        }
        long t0 = System.nanoTime();
        if (s.execute(sql)) {
          try (java.sql.ResultSet rs = s.getResultSet()) {
            int columns = rs.getMetaData().getColumnCount();
            while (rs.next()) {
              StringBuilder line = new StringBuilder();
              for (int i = 1; i <= columns; i++) {
                line.append(i == 1 ? "" : " | ").append(rs.getString(i));
              }
              if (print) {
                System.out.println(line);
              }
            }
          }
        }
        System.err.printf("%s: %d ms%n", sql, (System.nanoTime() - t0) / 1_000_000);
      }
    }
  }

  private static long percentile(List<Long> sorted, double p) {
    return sorted.get((int) Math.ceil(sorted.size() * p) - 1);
  }
}
