package io.llmcost.ledger;

import io.llmcost.model.TokenUsage;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.HexFormat;
import java.util.List;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;

/** Ledger rows in PostgreSQL's COPY text format, streamed to a table. */
public final class CopyRows {
  /** The ledger columns COPY fills, in order. */
  public static final String COLUMNS =
      "trace_id, span_id, start_time, end_time, namespace, application, user_id, provider, model,"
          + " request_model, input_tokens, output_tokens, cache_read_tokens, cache_write_tokens,"
          + " reasoning_tokens, cache_write_ttl, service_tier, cost, unpriced, price_catalog,"
          + " price_model, latency_ms, attributes, prompt, response";

  private CopyRows() {}

  /** Streams the rows into the table with COPY, in the connection's current transaction. */
  public static void copy(Connection c, String table, List<LedgerRow> rows) throws SQLException {
    CopyIn copy =
        c.unwrap(PGConnection.class)
            .getCopyAPI()
            .copyIn("COPY " + table + " (" + COLUMNS + ") FROM STDIN");
    try {
      CopyTextEncoder encoder = new CopyTextEncoder();
      for (LedgerRow row : rows) {
        encodeRow(encoder, row);
        if (encoder.size() > 1 << 20) {
          encoder.flushTo(copy);
        }
      }
      encoder.flushTo(copy);
      copy.endCopy();
    } finally {
      if (copy.isActive()) {
        copy.cancelCopy();
      }
    }
  }

  private static void encodeRow(CopyTextEncoder e, LedgerRow row) {
    TokenUsage u = row.usage();
    e.bytea(row.traceId());
    e.bytea(row.spanId());
    e.text(row.startTime().toString());
    e.text(row.endTime() == null ? null : row.endTime().toString());
    e.text(row.namespace());
    e.text(row.application());
    e.text(row.userId());
    e.text(row.provider());
    e.text(row.model());
    e.text(row.requestModel());
    e.number(u.input());
    e.number(u.output());
    e.number(u.cacheRead());
    e.number(u.cacheWrite());
    e.number(u.reasoning());
    e.text(u.cacheWriteOneHour() ? "1h" : null);
    e.text(u.serviceTier().wireName());
    e.text(row.cost().toPlainString());
    e.text(row.unpriced() ? "t" : "f");
    e.text(row.priceCatalog());
    e.text(row.priceModel());
    e.text(row.latencyMs() == null ? null : row.latencyMs().toString());
    e.text(row.attributesJson() == null ? "{}" : row.attributesJson());
    e.text(row.prompt());
    e.lastText(row.response());
  }

  /** Builds COPY text-format rows: tab-separated, backslash escapes, \N for null. */
  private static final class CopyTextEncoder {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream(1 << 16);
    private final StringBuilder line = new StringBuilder(512);

    void text(String value) {
      field(value);
      line.append('\t');
    }

    void lastText(String value) {
      field(value);
      line.append('\n');
      byte[] bytes = line.toString().getBytes(StandardCharsets.UTF_8);
      out.write(bytes, 0, bytes.length);
      line.setLength(0);
    }

    void number(long value) {
      line.append(value).append('\t');
    }

    void bytea(byte[] value) {
      // bytea hex input is \x…; the backslash itself is escaped in COPY text
      line.append("\\\\x").append(HexFormat.of().formatHex(value)).append('\t');
    }

    private void field(String value) {
      if (value == null) {
        line.append("\\N");
        return;
      }
      for (int i = 0; i < value.length(); i++) {
        char ch = value.charAt(i);
        switch (ch) {
          case '\\' -> line.append("\\\\");
          case '\t' -> line.append("\\t");
          case '\n' -> line.append("\\n");
          case '\r' -> line.append("\\r");
          case '\0' -> {} // PostgreSQL text cannot hold NUL
          default -> line.append(ch);
        }
      }
    }

    int size() {
      return out.size();
    }

    void flushTo(CopyIn copy) throws SQLException {
      byte[] bytes = out.toByteArray();
      if (bytes.length > 0) {
        copy.writeToCopy(bytes, 0, bytes.length);
      }
      out.reset();
    }
  }
}
