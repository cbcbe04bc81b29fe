package io.llmcost.bench;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/** Embedded PostgreSQL for the benchmarks that count commits. */
final class BenchPostgres {
  private BenchPostgres() {}

  /**
   * Durable like a production server: the embedded defaults turn fsync and synchronous_commit off,
   * which would let an acknowledged span sit in memory only.
   */
  static EmbeddedPostgres.Builder durable() {
    return EmbeddedPostgres.builder()
        .setServerConfig("fsync", "on")
        .setServerConfig("synchronous_commit", "on")
        .setServerConfig("full_page_writes", "on");
  }
}
