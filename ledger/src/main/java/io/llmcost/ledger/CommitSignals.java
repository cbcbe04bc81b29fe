package io.llmcost.ledger;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * The ledger's commit signal: each committed batch sends a PostgreSQL NOTIFY on {@link #CHANNEL}
 * naming the rollup keys it touched and the time span of its calls, so a budget over those keys can
 * be recomputed within a second. NOTIFY is transactional: it is delivered only if the batch
 * commits.
 */
public final class CommitSignals {
  /** The NOTIFY channel. */
  public static final String CHANNEL = "llmcost_ledger_commit";

  // PostgreSQL caps a payload at 8000 bytes; larger key sets go out in several notifications.
  private static final int MAX_PAYLOAD_BYTES = 7000;
  private static final ObjectMapper JSON = new ObjectMapper();

  private CommitSignals() {}

  /**
   * One notification.
   *
   * @param from the earliest call start in the batch
   * @param to the latest call start in the batch
   * @param keys the rollup keys whose spend changed
   */
  public record Signal(Instant from, Instant to, List<RollupKey> keys) {}

  private record Payload(String from, String to, List<List<String>> keys) {}

  /** Queues the notification(s) for the rows in the connection's open transaction. */
  static void publish(Connection c, Collection<LedgerRow> rows) throws SQLException {
    SortedSet<RollupKey> keys = new TreeSet<>();
    Instant from = null;
    Instant to = null;
    for (LedgerRow row : rows) {
      keys.add(row.rollupKey());
      from = from == null || row.startTime().isBefore(from) ? row.startTime() : from;
      to = to == null || row.startTime().isAfter(to) ? row.startTime() : to;
    }
    publish(c, from, to, keys);
  }

  static void publish(Connection c, Instant from, Instant to, Collection<RollupKey> keys)
      throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("SELECT pg_notify(?, ?)")) {
      List<List<String>> chunk = new ArrayList<>();
      int size = 0;
      for (RollupKey key : keys) {
        List<String> fields =
            List.of(key.namespace(), key.application(), key.userId(), key.provider(), key.model());
        int keySize = fields.stream().mapToInt(f -> f.length() * 3 + 3).sum() + 2;
        if (!chunk.isEmpty() && size + keySize > MAX_PAYLOAD_BYTES) {
          send(ps, from, to, chunk);
          chunk = new ArrayList<>();
          size = 0;
        }
        chunk.add(fields);
        size += keySize;
      }
      send(ps, from, to, chunk);
    }
  }

  private static void send(PreparedStatement ps, Instant from, Instant to, List<List<String>> keys)
      throws SQLException {
    ps.setString(1, CHANNEL);
    ps.setString(2, encode(new Payload(String.valueOf(from), String.valueOf(to), keys)));
    ps.execute();
  }

  private static String encode(Payload payload) {
    try {
      return JSON.writeValueAsString(payload);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Reads a notification's payload. */
  public static Signal parse(String payload) {
    try {
      Payload p = JSON.readValue(payload, Payload.class);
      List<RollupKey> keys = new ArrayList<>();
      for (List<String> f : p.keys()) {
        keys.add(new RollupKey(f.get(0), f.get(1), f.get(2), f.get(3), f.get(4)));
      }
      return new Signal(Instant.parse(p.from()), Instant.parse(p.to()), keys);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("not a ledger commit signal: " + payload, e);
    }
  }
}
