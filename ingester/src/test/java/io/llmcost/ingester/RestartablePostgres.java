package io.llmcost.ingester;

import com.zaxxer.hikari.HikariDataSource;
import io.llmcost.ingest.TestCatalog;
import io.llmcost.ledger.LedgerDatabase;
import io.llmcost.ledger.Migrations;
import io.llmcost.ledger.PriceCatalogStore;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A real PostgreSQL tests can stop and start again on the same data directory and port, with a
 * migrated ledger, the test catalog and a pool that gives up on a connection after one second.
 */
final class RestartablePostgres implements AutoCloseable {
  private final Path dataDir;
  private final int port;
  private EmbeddedPostgres pg;
  final HikariDataSource db;

  RestartablePostgres() throws Exception {
    dataDir = Files.createTempDirectory("llmcost-restartable-pg");
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    start();
    db =
        LedgerDatabase.pool(
            pg.getJdbcUrl("postgres", "postgres") + "&password=postgres", null, null, 6);
    db.setConnectionTimeout(1000);
    Migrations.migrate(db);
    new PriceCatalogStore(db).apply(TestCatalog.catalogs(), "test");
  }

  void stop() throws Exception {
    pg.close();
  }

  void start() throws Exception {
    pg =
        EmbeddedPostgres.builder()
            .setDataDirectory(dataDir)
            .setCleanDataDirectory(false)
            .setPort(port)
            .start();
  }

  @Override
  public void close() throws Exception {
    db.close();
    pg.close();
  }
}
