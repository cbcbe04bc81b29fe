package io.llmcost.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariDataSource;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.OffsetDateTime;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The schema on a real PostgreSQL 17: applies from empty, twice, and enforces its invariants. */
class MigrationsIT {
  private static HikariDataSource db;

  @BeforeAll
  static void migrate() {
    db = LedgerDatabase.pool(TestDatabase.freshDatabaseUrl(), null, null, 2);
  }

  @AfterAll
  static void close() {
    db.close();
  }

  @Test
  void appliesOnAnEmptyDatabaseThenIsANoOp() throws Exception {
    Migrations.Report first;
    Migrations.Report second;
    try (HikariDataSource empty =
        LedgerDatabase.pool(TestDatabase.freshDatabaseUrl(), null, null, 1)) {
      assertThat(Migrations.isCurrent(empty)).isFalse();
      first = Migrations.migrate(empty);
      second = Migrations.migrate(empty);
      assertThat(Migrations.isCurrent(empty)).isTrue();
    }

    int files = migrationFiles();
    assertThat(first.applied()).isEqualTo(files);
    assertThat(second.applied()).isZero();
    assertThat(second.schemaVersion())
        .isEqualTo(first.schemaVersion())
        .isEqualTo(String.valueOf(files));
    assertThat(query("SELECT current_setting('server_version_num')::int / 10000")).isEqualTo("17");
  }

  @Test
  void theLedgerIsPartitionedAndMoneyIsNumeric() throws Exception {
    Migrations.migrate(db);
    assertThat(
            query(
                "SELECT partstrat FROM pg_partitioned_table WHERE partrelid = 'llm_calls'::regclass"))
        .isEqualTo("r");
    assertThat(
            query(
                "SELECT format_type(atttypid, atttypmod) FROM pg_attribute"
                    + " WHERE attrelid = 'llm_calls'::regclass AND attname = 'cost'"))
        .isEqualTo("numeric(20,9)");
    assertThat(
            query(
                "SELECT count(*) FROM information_schema.columns WHERE table_name ="
                    + " 'llm_calls' AND data_type IN ('real', 'double precision')"))
        .isEqualTo("0");
  }

  @Test
  void partitionsAreCreatedAheadAndDroppedWholeForRetention() throws Exception {
    Migrations.migrate(db);
    assertThat(query("SELECT llm_calls_ensure_partitions('2026-01-01', '2026-01-10')"))
        .isEqualTo("10");
    assertThat(query("SELECT llm_calls_ensure_partitions('2026-01-05', '2026-01-12')"))
        .isEqualTo("2");

    insertCall("2026-01-01T23:59:59Z", "0001", "1.000000001");
    insertCall("2026-01-11T00:00:00Z", "0002", "2.5");
    assertThat(query("SELECT count(*) FROM llm_calls_20260101")).isEqualTo("1");

    assertThat(query("SELECT llm_calls_drop_partitions_before('2026-01-03T00:00:00Z')"))
        .isEqualTo("2");
    assertThat(query("SELECT count(*) FROM llm_calls")).isEqualTo("1");
    assertThat(query("SELECT sum(cost) FROM llm_calls")).isEqualTo("2.500000000");
  }

  @Test
  void aReplayedSpanIsRejectedByTheKeyAndInvalidRowsCannotBeWritten() throws Exception {
    Migrations.migrate(db);
    query("SELECT llm_calls_ensure_partitions('2026-02-01', '2026-02-01')");
    insertCall("2026-02-01T10:00:00Z", "0003", "0.000000001");
    assertThatThrownBy(() -> insertCall("2026-02-01T10:00:00Z", "0003", "0.1"))
        .isInstanceOf(SQLException.class)
        .hasMessageContaining("duplicate key");
    assertThatThrownBy(() -> insertCall("2026-02-01T10:00:00Z", "0004", "-1"))
        .hasMessageContaining("check constraint");
    assertThatThrownBy(() -> insertCall("2026-03-15T10:00:00Z", "0005", "1"))
        .as("no partition for that day yet")
        .hasMessageContaining("no partition");
    assertThat(query("SELECT cost FROM llm_calls WHERE start_time = '2026-02-01T10:00:00Z'"))
        .isEqualTo("0.000000001");
  }

  @Test
  void rollupBucketsAreQuarterHours() throws Exception {
    Migrations.migrate(db);
    try (Connection c = db.getConnection();
        Statement s = c.createStatement()) {
      s.execute(
          "INSERT INTO llm_cost_rollup_15m (bucket_start, namespace, application, user_id,"
              + " provider, model, requests, cost) VALUES ('2026-01-01T05:45:00+05:45', 'ns', 'app',"
              + " '', 'openai', 'gpt-4o', 1, 0.5)");
      assertThatThrownBy(
              () ->
                  s.execute(
                      "INSERT INTO llm_cost_rollup_15m (bucket_start, namespace, application,"
                          + " user_id, provider, model) VALUES ('2026-01-01T00:10:00Z', 'ns', 'app',"
                          + " '', 'openai', 'gpt-4o')"))
          .hasMessageContaining("check constraint");
    }
  }

  @Test
  void budgetActionsAreRecordedOncePerPeriodThresholdAndChannel() throws Exception {
    Migrations.migrate(db);
    String insert =
        "INSERT INTO budget_actions (budget_namespace, budget_name, period_start,"
            + " threshold_percent, action, channel, outcome) VALUES ('search', 'team',"
            + " '2026-11-01T00:00:00+01:00', 50, 'Notify', 'slack', 'succeeded')"
            + " ON CONFLICT DO NOTHING";
    try (Connection c = db.getConnection();
        Statement s = c.createStatement()) {
      assertThat(s.executeUpdate(insert)).isEqualTo(1);
      assertThat(s.executeUpdate(insert)).isZero();
    }
  }

  private static void insertCall(String start, String spanSuffix, String cost) throws SQLException {
    try (Connection c = db.getConnection();
        PreparedStatement ps =
            c.prepareStatement(
                "INSERT INTO llm_calls (trace_id, span_id, start_time, namespace, application,"
                    + " provider, model, input_tokens, output_tokens, cost)"
                    + " VALUES (decode(?, 'hex'), decode(?, 'hex'), ?, 'ns', 'app', 'openai',"
                    + " 'gpt-4o', 10, 5, ?)")) {
      ps.setString(1, "0af7651916cd43dd8448eb211c80319c");
      ps.setString(2, "b7ad6b716920" + spanSuffix);
      ps.setObject(3, OffsetDateTime.parse(start));
      ps.setBigDecimal(4, new BigDecimal(cost));
      ps.executeUpdate();
    }
  }

  private static String query(String sql) throws SQLException {
    try (Connection c = db.getConnection();
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      rs.next();
      return rs.getString(1);
    }
  }

  /** The migrations in sql/ (V1__…, V2__…), numbered without gaps. */
  private static int migrationFiles() throws java.io.IOException {
    try (var files = java.nio.file.Files.list(java.nio.file.Path.of("..", "sql"))) {
      return (int) files.filter(f -> f.getFileName().toString().matches("V\\d+__.*\\.sql")).count();
    }
  }
}
