package io.llmcost.ledger;

import io.llmcost.model.TokenUsage;
import java.math.BigDecimal;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import javax.sql.DataSource;

/**
 * Appends priced calls to the ledger in one transaction per batch: COPY into the ledger (through a
 * staging table when the batch holds a replay: replays of a trace id + span id are skipped), add
 * the new rows to the 15-minute rollups, and publish the touched rollup keys, all committed
 * together or not at all. Not thread-safe: give each writer thread its own instance.
 */
public final class LedgerWriter {
  private static final String COLUMNS = CopyRows.COLUMNS;
  private static final String CREATE_STAGING =
      "CREATE TEMP TABLE IF NOT EXISTS llm_calls_staging"
          + " (LIKE llm_calls INCLUDING DEFAULTS) ON COMMIT DELETE ROWS";
  private static final String INSERT_NEW =
      "INSERT INTO llm_calls ("
          + COLUMNS
          + ") SELECT "
          + COLUMNS
          + " FROM llm_calls_staging ON CONFLICT DO NOTHING RETURNING trace_id, span_id";

  /** Upsert of one rollup table: the deltas in arrays, added to existing rows. */
  private static String upsert(Rollups.Table t) {
    String keys = t.keyColumns();
    StringBuilder sql =
        new StringBuilder("INSERT INTO ")
            .append(t.name)
            .append(" (bucket_start, ")
            .append(keys)
            .append(", ")
            .append(Rollups.SUM_COLUMNS)
            .append(") SELECT b::timestamptz, n, a, ")
            .append(t.withUser ? "u, " : "")
            .append("p, m, r, ur, it, ot, crt, cwt, rt, c FROM unnest(?::text[], ?::text[],")
            .append(" ?::text[], ?::text[], ?::text[], ?::text[], ?::bigint[], ?::bigint[],")
            .append(" ?::bigint[], ?::bigint[], ?::bigint[], ?::bigint[], ?::bigint[],")
            .append(" ?::numeric[]) AS d(b, n, a, u, p, m, r, ur, it, ot, crt, cwt, rt, c)")
            .append(" ON CONFLICT (bucket_start, ")
            .append(keys)
            .append(") DO UPDATE SET ");
    String[] sums = Rollups.SUM_COLUMNS.split(",\\s*");
    for (int i = 0; i < sums.length; i++) {
      sql.append(i == 0 ? "" : ", ")
          .append(sums[i])
          .append(" = ")
          .append(t.name)
          .append('.')
          .append(sums[i])
          .append(" + EXCLUDED.")
          .append(sums[i]);
    }
    return sql.toString();
  }

  private static final Map<Rollups.Table, String> UPSERTS =
      new java.util.EnumMap<>(Rollups.Table.class);

  static {
    for (Rollups.Table t : Rollups.Table.values()) {
      UPSERTS.put(t, upsert(t));
    }
  }

  private static final int MAX_DEADLOCK_RETRIES = 3;

  /** Days whose partition this writer saw exist (dropped ones are recreated on a miss). */
  private final Set<LocalDate> knownPartitions = ConcurrentHashMap.newKeySet();

  private final DataSource dataSource;

  public LedgerWriter(DataSource dataSource) {
    this.dataSource = dataSource;
  }

  /**
   * What a committed batch did.
   *
   * @param inserted the rows that were new, in batch order
   * @param duplicates rows skipped because their call was already in the ledger (or twice in the
   *     batch)
   */
  public record WriteResult(List<LedgerRow> inserted, int duplicates) {}

  /** Writes the rows in one transaction; on an exception nothing of the batch is stored. */
  public WriteResult write(List<LedgerRow> rows) throws SQLException {
    if (rows.isEmpty()) {
      return new WriteResult(List.of(), 0);
    }
    for (int attempt = 1; ; attempt++) {
      try (Connection c = dataSource.getConnection()) {
        ensurePartitions(c, rows);
        return writeOnce(c, rows);
      } catch (SQLException e) {
        if (LedgerErrors.isMissingPartition(e) && attempt == 1) {
          knownPartitions.clear(); // dropped behind our back (retention): recreate
          continue;
        }
        if (LedgerErrors.isConflict(e) && attempt <= MAX_DEADLOCK_RETRIES) {
          continue;
        }
        throw e;
      }
    }
  }

  private WriteResult writeOnce(Connection c, List<LedgerRow> rows) throws SQLException {
    c.setAutoCommit(false);
    try {
      // Held shared until commit: a sealing step waits for this batch, and this batch sees the
      // watermark of any step that committed before it.
      Instant sealed;
      try (PreparedStatement ps =
              c.prepareStatement("SELECT sealed_until FROM llm_cost_rollup_sealed FOR SHARE");
          ResultSet rs = ps.executeQuery()) {
        rs.next();
        sealed = rs.getTimestamp(1).toInstant();
      }
      List<LedgerRow> inserted = copyNew(c, rows);
      if (!inserted.isEmpty()) {
        upsertRollups(c, inserted, Rollups.Table.QUARTER_HOURS);
        upsertSealed(c, inserted, sealed);
        CommitSignals.publish(c, inserted);
      }
      c.commit();
      return new WriteResult(inserted, rows.size() - inserted.size());
    } catch (SQLException | RuntimeException e) {
      rollbackQuietly(c);
      throw e;
    }
  }

  /**
   * Stores the rows that are not in the ledger yet and returns them. Replays are rare, so the batch
   * is first copied straight into the ledger; only when that hits a call already stored (or one
   * twice in the batch) is it copied to a staging table and inserted with ON CONFLICT DO NOTHING,
   * which costs a second pass over the rows.
   */
  private static List<LedgerRow> copyNew(Connection c, List<LedgerRow> rows) throws SQLException {
    Savepoint direct = c.setSavepoint();
    try {
      CopyRows.copy(c, "llm_calls", rows);
      c.releaseSavepoint(direct);
      return rows;
    } catch (SQLException e) {
      if (!LedgerErrors.isUniqueViolation(e)) {
        throw e;
      }
      c.rollback(direct);
    }
    try (PreparedStatement ps = c.prepareStatement(CREATE_STAGING)) {
      ps.execute();
    }
    CopyRows.copy(c, "llm_calls_staging", rows);
    Set<String> insertedIds = new HashSet<>();
    try (PreparedStatement ps = c.prepareStatement(INSERT_NEW);
        ResultSet rs = ps.executeQuery()) {
      HexFormat hex = HexFormat.of();
      while (rs.next()) {
        insertedIds.add(hex.formatHex(rs.getBytes(1)) + hex.formatHex(rs.getBytes(2)));
      }
    }
    List<LedgerRow> inserted = new ArrayList<>(insertedIds.size());
    for (LedgerRow row : rows) {
      if (insertedIds.remove(row.callId())) {
        inserted.add(row);
      }
    }
    return inserted;
  }

  private void ensurePartitions(Connection c, List<LedgerRow> rows) throws SQLException {
    Set<LocalDate> missing = new TreeSet<>();
    for (LedgerRow row : rows) {
      LocalDate day = LocalDate.ofInstant(row.startTime(), ZoneOffset.UTC);
      if (!knownPartitions.contains(day)) {
        missing.add(day);
      }
    }
    if (missing.isEmpty()) {
      return;
    }
    Partitions.ensure(c, missing);
    knownPartitions.addAll(missing);
  }

  private record BucketKey(Instant bucket, RollupKey key) implements Comparable<BucketKey> {
    @Override
    public int compareTo(BucketKey o) {
      int byBucket = bucket.compareTo(o.bucket);
      return byBucket != 0 ? byBucket : key.compareTo(o.key);
    }
  }

  private static final class Delta {
    long requests;
    long unpriced;
    long input;
    long output;
    long cacheRead;
    long cacheWrite;
    long reasoning;
    BigDecimal cost = BigDecimal.ZERO;
  }

  /**
   * The 15-minute bucket a call's start falls in (the rollups' date_bin origin is epoch-aligned).
   */
  public static Instant bucketOf(Instant startTime) {
    long seconds = startTime.getEpochSecond();
    return Instant.ofEpochSecond(seconds - Math.floorMod(seconds, 900L));
  }

  /** Late calls for sealed time also go into the sealed hourly, daily and monthly rollups. */
  private static void upsertSealed(Connection c, List<LedgerRow> inserted, Instant sealed)
      throws SQLException {
    List<LedgerRow> sealedHours = new ArrayList<>();
    List<LedgerRow> sealedDays = new ArrayList<>();
    List<LedgerRow> sealedMonths = new ArrayList<>();
    for (LedgerRow row : inserted) {
      if (Rollups.floor(row.startTime(), Rollups.HOUR).isBefore(sealed)) {
        sealedHours.add(row);
        if (!Rollups.floor(row.startTime(), Rollups.DAY).plus(Rollups.DAY).isAfter(sealed)) {
          sealedDays.add(row);
          if (!Rollups.monthEnd(row.startTime()).isAfter(sealed)) {
            sealedMonths.add(row);
          }
        }
      }
    }
    if (!sealedHours.isEmpty()) {
      upsertRollups(c, sealedHours, Rollups.Table.HOURS);
      upsertRollups(c, sealedHours, Rollups.Table.HOURS_APPS);
    }
    if (!sealedDays.isEmpty()) {
      upsertRollups(c, sealedDays, Rollups.Table.DAYS);
      upsertRollups(c, sealedDays, Rollups.Table.DAYS_APPS);
    }
    if (!sealedMonths.isEmpty()) {
      upsertRollups(c, sealedMonths, Rollups.Table.MONTHS_APPS);
    }
  }

  private static void upsertRollups(Connection c, List<LedgerRow> inserted, Rollups.Table table)
      throws SQLException {
    // Sorted, so concurrent writers lock rollup rows in one order and cannot deadlock each other.
    Map<BucketKey, Delta> deltas = new TreeMap<>();
    for (LedgerRow row : inserted) {
      RollupKey key = row.rollupKey();
      if (!table.withUser) {
        key = new RollupKey(key.namespace(), key.application(), "", key.provider(), key.model());
      }
      Delta d =
          deltas.computeIfAbsent(
              new BucketKey(table.floor(row.startTime()), key), k -> new Delta());
      TokenUsage u = row.usage();
      d.requests++;
      d.unpriced += row.unpriced() ? 1 : 0;
      d.input += u.input();
      d.output += u.output();
      d.cacheRead += u.cacheRead();
      d.cacheWrite += u.cacheWrite();
      d.reasoning += u.reasoning();
      d.cost = d.cost.add(row.cost());
    }
    int n = deltas.size();
    String[][] text = new String[6][n];
    Long[][] numbers = new Long[7][n];
    BigDecimal[] cost = new BigDecimal[n];
    int i = 0;
    for (Map.Entry<BucketKey, Delta> entry : deltas.entrySet()) {
      RollupKey k = entry.getKey().key();
      Delta d = entry.getValue();
      text[0][i] = entry.getKey().bucket().toString();
      text[1][i] = k.namespace();
      text[2][i] = k.application();
      text[3][i] = k.userId();
      text[4][i] = k.provider();
      text[5][i] = k.model();
      long[] values = {
        d.requests, d.unpriced, d.input, d.output, d.cacheRead, d.cacheWrite, d.reasoning
      };
      for (int v = 0; v < values.length; v++) {
        numbers[v][i] = values[v];
      }
      cost[i] = d.cost;
      i++;
    }
    List<Array> arrays = new ArrayList<>();
    try (PreparedStatement ps = c.prepareStatement(UPSERTS.get(table))) {
      int p = 1;
      for (String[] column : text) {
        Array a = c.createArrayOf("text", column);
        arrays.add(a);
        ps.setArray(p++, a);
      }
      for (Long[] column : numbers) {
        Array a = c.createArrayOf("bigint", column);
        arrays.add(a);
        ps.setArray(p++, a);
      }
      Array costs = c.createArrayOf("numeric", cost);
      arrays.add(costs);
      ps.setArray(p, costs);
      ps.executeUpdate();
    } finally {
      for (Array a : arrays) {
        a.free();
      }
    }
  }

  private static void rollbackQuietly(Connection c) {
    try {
      c.rollback();
    } catch (SQLException ignored) {
      // the connection is broken; the pool discards it and the transaction died with it
    }
  }
}
