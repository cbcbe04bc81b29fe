package io.llmcost.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.llmcost.ingest.BearerToken;
import io.llmcost.ledger.CostQueries;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import io.undertow.util.Methods;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Port 8080: the cost REST API, {@code /metrics}, the probes and {@code /openapi.json}. With a
 * bearer token configured the API requires it; probes and metrics require it only when asked to.
 */
public final class ApiServer implements HttpHandler {
  private static final Logger LOG = LoggerFactory.getLogger(ApiServer.class);
  private static final ObjectMapper JSON = new ObjectMapper();

  /** Every path served here (the OpenAPI document describes the same). */
  public static final List<String> PATHS =
      List.of(
          CostApi.SUMMARY,
          CostApi.EXPORT,
          "/metrics",
          "/live",
          "/ready",
          "/health",
          "/openapi.json");

  private final CostApi costs;
  private final PrometheusMeterRegistry registry;
  private final DatabaseHealth database;
  private final Supplier<ObjectNode> healthDetails;
  private final BearerToken token;
  private final boolean protectProbes;
  private final byte[] openApi;

  /**
   * @param healthDetails extra sections for /health (catalog, queue)
   * @param token bearer token the API requires, or null
   * @param protectProbes whether /metrics and the probes require the token too
   */
  public ApiServer(
      CostQueries queries,
      Clock clock,
      PrometheusMeterRegistry registry,
      DatabaseHealth database,
      Supplier<ObjectNode> healthDetails,
      BearerToken token,
      boolean protectProbes) {
    this.costs = new CostApi(queries, clock);
    this.registry = registry;
    this.database = database;
    this.healthDetails = healthDetails;
    this.token = token;
    this.protectProbes = protectProbes;
    this.openApi = openApiDocument();
  }

  /** The OpenAPI document served at /openapi.json. */
  public static byte[] openApiDocument() {
    try (InputStream in = ApiServer.class.getResourceAsStream("openapi.json")) {
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void handleRequest(HttpServerExchange exchange) throws Exception {
    if (exchange.isInIoThread()) {
      exchange.dispatch(this);
      return;
    }
    String path = exchange.getRequestPath();
    try {
      if (!PATHS.contains(path)) {
        throw new ApiException(404, null, "no such endpoint: " + path);
      }
      if (!Methods.GET.equals(exchange.getRequestMethod())
          && !Methods.HEAD.equals(exchange.getRequestMethod())) {
        exchange.getResponseHeaders().put(Headers.ALLOW, "GET");
        throw new ApiException(405, null, path + " takes GET");
      }
      boolean isApi = path.startsWith("/api/");
      if (token != null
          && (isApi || protectProbes)
          && !token.accepts(exchange.getRequestHeaders().getFirst(Headers.AUTHORIZATION))) {
        exchange.getResponseHeaders().put(Headers.WWW_AUTHENTICATE, "Bearer");
        throw new ApiException(401, null, "missing or wrong bearer token");
      }
      route(exchange, path);
    } catch (ApiException e) {
      sendError(exchange, e.status, e.parameter, e.getMessage());
    } catch (Exception e) {
      LOG.error("{} failed", path, e);
      if (!exchange.isResponseStarted()) {
        sendError(exchange, 503, null, "the ledger database could not answer: " + e.getMessage());
      }
    }
  }

  private void route(HttpServerExchange exchange, String path) throws Exception {
    switch (path) {
      case CostApi.SUMMARY -> costs.summary(exchange);
      case CostApi.EXPORT -> costs.export(exchange);
      case "/metrics" -> {
        exchange
            .getResponseHeaders()
            .put(Headers.CONTENT_TYPE, "text/plain; version=0.0.4; charset=utf-8");
        exchange.getResponseSender().send(registry.scrape(), StandardCharsets.UTF_8);
      }
      case "/live" -> sendJson(exchange, 200, JSON.createObjectNode().put("status", "UP"));
      case "/ready" -> {
        DatabaseHealth.State state = database.state();
        ObjectNode body = JSON.createObjectNode().put("status", state.ready() ? "UP" : "DOWN");
        if (state.error() != null) {
          body.put("reason", state.error());
        }
        sendJson(exchange, state.ready() ? 200 : 503, body);
      }
      case "/health" -> {
        DatabaseHealth.State state = database.state();
        ObjectNode body = JSON.createObjectNode().put("status", state.ready() ? "UP" : "DOWN");
        ObjectNode db = body.putObject("database");
        db.put("ready", state.ready());
        db.put("schemaVersion", database.schemaVersion());
        db.put("checkedAt", state.checkedAt().toString());
        if (state.error() != null) {
          db.put("error", state.error());
        }
        body.setAll(healthDetails.get());
        sendJson(exchange, state.ready() ? 200 : 503, body);
      }
      case "/openapi.json" -> {
        exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, "application/json");
        exchange.getResponseSender().send(java.nio.ByteBuffer.wrap(openApi));
      }
      default -> throw new ApiException(404, null, "no such endpoint: " + path);
    }
  }

  static void sendJson(HttpServerExchange exchange, int status, JsonNode body) throws IOException {
    exchange.setStatusCode(status);
    exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, "application/json");
    exchange.getResponseSender().send(JSON.writeValueAsString(body), StandardCharsets.UTF_8);
  }

  private static void sendError(
      HttpServerExchange exchange, int status, String parameter, String message)
      throws IOException {
    ObjectNode error = JSON.createObjectNode();
    ObjectNode detail = error.putObject("error");
    detail.put("status", status);
    if (parameter != null) {
      detail.put("parameter", parameter);
    }
    detail.put("message", message);
    sendJson(exchange, status, error);
  }
}
