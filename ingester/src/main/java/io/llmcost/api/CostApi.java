package io.llmcost.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.llmcost.ledger.CostDimension;
import io.llmcost.ledger.CostQueries;
import io.llmcost.ledger.CostQuery;
import io.llmcost.ledger.CostSummary;
import io.llmcost.ledger.CostTotals;
import io.llmcost.model.Money;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.time.Clock;
import java.util.Map;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

/** {@code GET /api/v1/costs/summary} and {@code GET /api/v1/costs/export.csv}. */
final class CostApi {
  static final String SUMMARY = "/api/v1/costs/summary";
  static final String EXPORT = "/api/v1/costs/export.csv";

  private static final ObjectMapper JSON = new ObjectMapper();

  private final CostQueries queries;
  private final Clock clock;

  CostApi(CostQueries queries, Clock clock) {
    this.queries = queries;
    this.clock = clock;
  }

  void summary(HttpServerExchange exchange) throws SQLException, IOException {
    CostQuery query = CostQueryParameters.parse(exchange.getQueryParameters(), clock);
    CostSummary summary = queries.summary(query);
    ObjectNode body = JSON.createObjectNode();
    body.put("currency", "USD");
    body.put("from", query.from().toString());
    body.put("to", query.to().toString());
    body.put("source", summary.fromRollups() ? "rollups" : "ledger");
    body.set("total", totals(summary.total()));
    ArrayNode groups = body.putArray("groups");
    for (CostSummary.Group g : summary.groups()) {
      ObjectNode group = totals(g.totals());
      ObjectNode key = JSON.createObjectNode();
      for (Map.Entry<CostDimension, String> e : g.key().entrySet()) {
        key.put(e.getKey().wireName(), e.getValue());
      }
      ObjectNode ordered = JSON.createObjectNode();
      ordered.set("key", key);
      ordered.setAll(group);
      groups.add(ordered);
    }
    ApiServer.sendJson(exchange, 200, body);
  }

  void export(HttpServerExchange exchange) throws SQLException, IOException {
    CostQuery query = CostQueryParameters.parse(exchange.getQueryParameters(), clock);
    exchange.startBlocking();
    exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, "text/csv; charset=utf-8");
    exchange
        .getResponseHeaders()
        .put(Headers.CONTENT_DISPOSITION, "attachment; filename=\"llm-costs.csv\"");
    Writer writer = new OutputStreamWriter(exchange.getOutputStream(), StandardCharsets.UTF_8);
    CSVFormat format =
        CSVFormat.DEFAULT
            .builder()
            .setHeader(CostQueries.EXPORT_COLUMNS.toArray(String[]::new))
            .setRecordSeparator("\n")
            .get();
    try (CSVPrinter csv = new CSVPrinter(writer, format)) {
      queries.exportCalls(query, csv::printRecord);
    }
  }

  private static ObjectNode totals(CostTotals t) {
    ObjectNode node = JSON.createObjectNode();
    node.put("cost", Money.format(t.cost()));
    node.put("requests", t.requests());
    node.put("inputTokens", t.inputTokens());
    node.put("outputTokens", t.outputTokens());
    node.put("cacheReadTokens", t.cacheReadTokens());
    node.put("cacheWriteTokens", t.cacheWriteTokens());
    node.put("reasoningTokens", t.reasoningTokens());
    node.put("unpricedRequests", t.unpricedRequests());
    return node;
  }
}
