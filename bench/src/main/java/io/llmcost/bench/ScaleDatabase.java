package io.llmcost.bench;

import com.zaxxer.hikari.HikariDataSource;
import io.llmcost.ledger.LedgerDatabase;
import io.llmcost.ledger.Migrations;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * The scale benchmark's PostgreSQL: embedded binaries with a data directory kept between runs (the
 * 100-million-row load takes most of an hour on two cores, so it is done once per row count and
 * reused; pending migrations are applied to a kept database like to any production one).
 */
final class ScaleDatabase implements AutoCloseable {
  private final EmbeddedPostgres postgres;
  final String url;
  final HikariDataSource pool;

  /** When the dataset's calls end: the benchmark's clock stands here. */
  final Instant end;

  private ScaleDatabase(EmbeddedPostgres postgres, String url, HikariDataSource pool, Instant end) {
    this.postgres = postgres;
    this.url = url;
    this.pool = pool;
    this.end = end;
  }

  static ScaleDatabase open(Path dataDir, long rows, int loadThreads) throws Exception {
    boolean kept = Files.exists(dataDir.resolve("PG_VERSION"));
    EmbeddedPostgres pg = start(dataDir);
    String url = pg.getJdbcUrl("postgres", "postgres") + "&password=postgres";
    HikariDataSource pool = LedgerDatabase.pool(url, null, null, 16);
    Instant end = kept ? completedLoad(pool, rows) : null;
    if (end == null) {
      pool.close();
      pg.close();
      deleteTree(dataDir);
      pg = start(dataDir);
      url = pg.getJdbcUrl("postgres", "postgres") + "&password=postgres";
      pool = LedgerDatabase.pool(url, null, null, 16);
      end = Instant.now().truncatedTo(ChronoUnit.MINUTES);
      long started = System.nanoTime();
      System.err.printf("scale: loading %,d rows into %s (first run only)%n", rows, dataDir);
      long loaded = new ScaleDataset(rows, end, IngestBenchmark.catalog()).load(pool, loadThreads);
      try (Connection c = pool.getConnection();
          Statement s = c.createStatement()) {
        s.execute("CREATE TABLE bench_scale_dataset (rows bigint, end_time timestamptz)");
        s.execute(
            "INSERT INTO bench_scale_dataset VALUES (%d, '%s')".formatted(loaded, end.toString()));
      }
      System.err.printf(
          "scale: loaded %,d rows in %d s%n",
          loaded, (System.nanoTime() - started) / 1_000_000_000L);
    } else {
      Migrations.migrate(pool);
      System.err.printf("scale: reusing the %,d-row dataset in %s%n", rows, dataDir);
    }
    return new ScaleDatabase(pg, url, pool, end);
  }

  private static Instant completedLoad(HikariDataSource pool, long rows) throws Exception {
    try (Connection c = pool.getConnection();
        Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery(
                "SELECT end_time FROM bench_scale_dataset WHERE rows = "
                    + rows
                    + " AND to_regclass('bench_scale_dataset') IS NOT NULL")) {
      return rs.next() ? rs.getTimestamp(1).toInstant() : null;
    } catch (java.sql.SQLException missing) {
      return null;
    }
  }

  private static EmbeddedPostgres start(Path dataDir) throws Exception {
    Files.createDirectories(dataDir);
    return EmbeddedPostgres.builder()
        .setDataDirectory(dataDir)
        .setCleanDataDirectory(false)
        // Bulk-load friendly and sized for a 23 GiB machine; all documented in BENCHMARKS.md.
        .setServerConfig("wal_level", "minimal")
        .setServerConfig("max_wal_senders", "0")
        .setServerConfig("max_wal_size", "8GB")
        .setServerConfig("checkpoint_timeout", "30min")
        .setServerConfig("shared_buffers", "2GB")
        .setServerConfig("effective_cache_size", "16GB")
        .setServerConfig("maintenance_work_mem", "1GB")
        .setServerConfig("work_mem", "64MB")
        .setServerConfig("max_connections", "100")
        .start();
  }

  private static void deleteTree(Path dir) throws Exception {
    if (Files.exists(dir)) {
      try (Stream<Path> all = Files.walk(dir)) {
        for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
          Files.delete(p);
        }
      }
    }
  }

  @Override
  public void close() throws Exception {
    pool.close();
    postgres.close();
  }
}
