package io.llmcost.bench;

import com.zaxxer.hikari.HikariDataSource;
import io.llmcost.ingester.IngesterConfig;
import io.llmcost.ingester.IngesterServer;
import io.llmcost.ledger.LedgerDatabase;
import io.llmcost.ledger.Migrations;
import io.llmcost.ledger.PriceCatalogStore;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The system under test of the ingest benchmark: PostgreSQL and an ingester, until stdin closes.
 */
@Command(name = "serve", mixinStandardHelpOptions = true)
final class IngestServe implements Callable<Integer> {
  @Option(names = "--writers", defaultValue = "2")
  int writers;

  @Option(names = "--batch-spans", defaultValue = "10000")
  int batchSpans;

  @Override
  public Integer call() throws Exception {
    try (EmbeddedPostgres pg = BenchPostgres.durable().start()) {
      String durability;
      try (Connection c = pg.getPostgresDatabase().getConnection();
          Statement s = c.createStatement()) {
        s.execute("CREATE DATABASE bench_ingest");
        s.execute("CREATE DATABASE bench_copy");
        try (ResultSet rs =
            s.executeQuery(
                "SELECT current_setting('fsync') || '/' || current_setting('synchronous_commit')")) {
          rs.next();
          durability = rs.getString(1);
        }
      }
      String url = pg.getJdbcUrl("postgres", "bench_ingest") + "&password=postgres";
      try (HikariDataSource db = LedgerDatabase.pool(url, null, null, writers + 4)) {
        Migrations.migrate(db);
        new PriceCatalogStore(db).apply(IngestBenchmark.catalogs(), "bench");
        IngesterConfig config =
            IngesterConfig.builder(0, 0, 0)
                .withBindAddress("127.0.0.1")
                .withLimits(64 * 1024 * 1024, 100_000, batchSpans, writers)
                .build();
        try (IngesterServer server = IngesterServer.start(db, config)) {
          System.out.printf(
              "READY http=%d grpc=%d db=%s copydb=%s pid=%d fsync/synchronous_commit=%s%n",
              server.otlpHttpPort(),
              server.otlpGrpcPort(),
              url,
              pg.getJdbcUrl("postgres", "bench_copy") + "&password=postgres",
              ProcessHandle.current().pid(),
              durability);
          System.out.flush();
          while (System.in.read() >= 0) {
            // runs until the driver closes our stdin
          }
        }
      }
    }
    return 0;
  }
}
