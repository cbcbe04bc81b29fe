package io.llmcost.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.zaxxer.hikari.HikariDataSource;
import io.llmcost.model.TokenUsage;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class LedgerWriterIT {
  private String url;
  private HikariDataSource db;

  @BeforeEach
  void database() {
    url = TestDatabase.freshDatabaseUrl();
    db = LedgerDatabase.pool(url, null, null, 4);
    Migrations.migrate(db);
  }

  @AfterEach
  void close() {
    db.close();
  }

  static LedgerRow row(String start, String namespace, String model, String cost) {
    byte[] trace = new byte[16];
    byte[] span = new byte[8];
    ThreadLocalRandom.current().nextBytes(trace);
    ThreadLocalRandom.current().nextBytes(span);
    return new LedgerRow(
        trace,
        span,
        Instant.parse(start),
        null,
        namespace,
        "app",
        "",
        "openai",
        model,
        model,
        TokenUsage.of(100, 10),
        new BigDecimal(cost),
        false,
        "openai",
        model,
        null,
        "{}",
        null,
        null);
  }

  private String query(String sql) throws Exception {
    try (Connection c = db.getConnection();
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      return rs.next() ? rs.getString(1) : null;
    }
  }

  @Test
  void duplicatesInsideABatchAndAcrossBatchesAreSkippedAndNotRolledUp() throws Exception {
    LedgerWriter writer = new LedgerWriter(db);
    LedgerRow a = row("2026-11-20T10:01:00Z", "n", "gpt-4o", "0.001000000");
    LedgerRow b = row("2026-11-20T10:02:00Z", "n", "gpt-4o", "0.002000000");
    LedgerWriter.WriteResult first = writer.write(List.of(a, b, a));
    assertThat(first.inserted()).containsExactly(a, b);
    assertThat(first.duplicates()).isEqualTo(1);

    LedgerWriter.WriteResult replay = writer.write(List.of(b, a));
    assertThat(replay.inserted()).isEmpty();
    assertThat(replay.duplicates()).isEqualTo(2);
    assertThat(query("SELECT count(*) || ' ' || sum(cost) FROM llm_calls"))
        .isEqualTo("2 0.003000000");
    assertThat(query("SELECT requests || ' ' || cost FROM llm_cost_rollup_15m"))
        .isEqualTo("2 0.003000000");
  }

  @Test
  void textWithTabsNewlinesAndBackslashesSurvivesCopy() throws Exception {
    LedgerRow odd =
        new LedgerRow(
            new byte[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16},
            new byte[] {1, 2, 3, 4, 5, 6, 7, 8},
            Instant.parse("2026-11-20T10:00:00Z"),
            null,
            "ns\twith tab",
            "app\\slash",
            "user\nline",
            "openai",
            "gpt-4o",
            null,
            TokenUsage.of(1, 1),
            new BigDecimal("0.000000001"),
            false,
            null,
            null,
            5L,
            "{\"k\":\"v\\\\\"}",
            "prompt\r\nline",
            null);
    new LedgerWriter(db).write(List.of(odd));
    assertThat(query("SELECT namespace || '|' || application || '|' || user_id FROM llm_calls"))
        .isEqualTo("ns\twith tab|app\\slash|user\nline");
    assertThat(query("SELECT prompt FROM llm_calls")).isEqualTo("prompt\r\nline");
    assertThat(query("SELECT encode(trace_id, 'hex') FROM llm_calls"))
        .isEqualTo("0102030405060708090a0b0c0d0e0f10");
    assertThat(query("SELECT attributes->>'k' FROM llm_calls")).isEqualTo("v\\");
  }

  @Test
  void partitionsAreCreatedOnDemandAndRetentionDropsWholeOldDays() throws Exception {
    LedgerWriter writer = new LedgerWriter(db);
    writer.write(
        List.of(
            row("2026-10-01T23:59:59Z", "n", "m", "1"),
            row("2026-10-02T00:00:00Z", "n", "m", "2"),
            row("2026-11-20T12:00:00Z", "n", "m", "4")));
    assertThat(query("SELECT count(*) FROM pg_inherits WHERE inhparent = 'llm_calls'::regclass"))
        .isEqualTo("3");

    int dropped = new Partitions(db).dropBefore(Instant.parse("2026-10-02T12:00:00Z"));
    assertThat(dropped).isEqualTo(1); // 10-01 ends before the cutoff; 10-02 does not
    assertThat(query("SELECT sum(cost) FROM llm_calls")).isEqualTo("6.000000000");
    assertThat(query("SELECT sum(cost) FROM llm_cost_rollup_15m")).isEqualTo("6.000000000");

    // a day dropped behind the writer's back comes back when a call for it arrives
    try (Connection c = db.getConnection();
        Statement s = c.createStatement()) {
      s.execute("DROP TABLE llm_calls_20261120");
    }
    writer.write(List.of(row("2026-11-20T13:00:00Z", "n", "m", "1")));
    assertThat(query("SELECT count(*) FROM llm_calls_20261120")).isEqualTo("1");
  }

  @Test
  void largeKeySetsArriveInSeveralSignalsWithNothingLost() throws Exception {
    List<CommitSignals.Signal> signals = new CopyOnWriteArrayList<>();
    try (CommitSignalListener listener = new CommitSignalListener(url, null, null, signals::add)) {
      await().atMost(Duration.ofSeconds(10)).until(listener::isListening);
      List<LedgerRow> rows = new ArrayList<>();
      for (int i = 0; i < 400; i++) {
        rows.add(
            row(
                "2026-11-20T10:00:00Z",
                "namespace-with-a-long-name-" + i,
                "gpt-4o",
                "0.000000001"));
      }
      new LedgerWriter(db).write(rows);
      Set<RollupKey> expected = new HashSet<>();
      rows.forEach(r -> expected.add(r.rollupKey()));
      await()
          .atMost(Duration.ofSeconds(5))
          .until(() -> signals.stream().mapToInt(s -> s.keys().size()).sum() == expected.size());
      assertThat(signals.size()).isGreaterThan(1);
      Set<RollupKey> received = new HashSet<>();
      signals.forEach(s -> received.addAll(s.keys()));
      assertThat(received).isEqualTo(expected);
    }
  }

  @Test
  void aRolledBackBatchSignalsNothing() throws Exception {
    List<CommitSignals.Signal> signals = new CopyOnWriteArrayList<>();
    try (CommitSignalListener listener = new CommitSignalListener(url, null, null, signals::add)) {
      await().atMost(Duration.ofSeconds(10)).until(listener::isListening);
      LedgerRow bad = row("2026-11-20T10:00:00Z", "n", "m", "-1"); // violates cost >= 0
      assertThatThrownBy(() -> new LedgerWriter(db).write(List.of(bad)))
          .isInstanceOfSatisfying(
              java.sql.SQLException.class, e -> assertThat(LedgerErrors.isTransient(e)).isFalse());
      new LedgerWriter(db).write(List.of(row("2026-11-20T10:00:00Z", "ok", "m", "1")));
      await().atMost(Duration.ofSeconds(5)).until(() -> !signals.isEmpty());
      Thread.sleep(200);
      assertThat(signals).hasSize(1);
      assertThat(signals.get(0).keys()).extracting(RollupKey::namespace).containsExactly("ok");
      assertThat(query("SELECT count(*) FROM llm_calls")).isEqualTo("1");
    }
  }
}
