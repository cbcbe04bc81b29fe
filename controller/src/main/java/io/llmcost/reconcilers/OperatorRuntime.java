package io.llmcost.reconcilers;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.Operator;
import io.javaoperatorsdk.operator.api.config.LeaderElectionConfiguration;
import io.llmcost.actions.Notifier;
import io.llmcost.ledger.BudgetLedger;
import io.llmcost.ledger.CommitSignalListener;
import io.llmcost.ledger.PriceCatalogStore;
import io.llmcost.reconcilers.stack.LlmCostStackReconciler;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.undertow.Undertow;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running operator: the three reconcilers on java-operator-sdk, the ledger's commit signal waking
 * budgets, and an HTTP port with /metrics, /healthz, /readyz and the block endpoint that blocked
 * routes point at.
 */
public final class OperatorRuntime implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(OperatorRuntime.class);
  private static final ObjectMapper JSON = new ObjectMapper();
  public static final String LEASE_NAME = "llm-cost-operator";

  private final Operator operator;
  private final CommitSignalListener listener;
  private final Undertow http;
  private final OperatorMetrics metrics;

  private OperatorRuntime(
      Operator operator, CommitSignalListener listener, Undertow http, OperatorMetrics metrics) {
    this.operator = operator;
    this.listener = listener;
    this.http = http;
    this.metrics = metrics;
  }

  /**
   * @param jdbcUrl, user, password the ledger database, for the LISTEN connection
   */
  public static OperatorRuntime start(
      KubernetesClient client,
      DataSource db,
      String jdbcUrl,
      String user,
      String password,
      OperatorSettings settings) {
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    new JvmMemoryMetrics().bindTo(registry);
    OperatorMetrics metrics = new OperatorMetrics(registry);
    Operator operator =
        new Operator(
            o -> {
              o.withKubernetesClient(client)
                  .withCloseClientOnStop(false)
                  .withUseSSAToPatchPrimaryResource(settings.useServerSideApply())
                  .withSSABasedCreateUpdateMatchForDependentResources(
                      settings.useServerSideApply());
              OperatorSettings.LeaderElection le = settings.leaderElection();
              if (le != null) {
                o.withLeaderElectionConfiguration(
                    new LeaderElectionConfiguration(
                        LEASE_NAME,
                        settings.operatorNamespace(),
                        le.leaseDuration(),
                        le.renewDeadline(),
                        le.retryPeriod(),
                        le.identity(),
                        null,
                        le.exitOnLostLeadership()));
              }
            });
    BudgetEngine engine =
        new BudgetEngine(
            new BudgetLedger(db),
            new Notifier(settings.notificationAttempts(), settings.notificationBackoff()),
            settings.clock(),
            settings.operatorNamespace(),
            settings.blockEndpoint(),
            settings.costApi());
    LlmBudgetReconciler budgets =
        new LlmBudgetReconciler(
            engine, metrics, settings.resync(), settings.clock(), settings.useServerSideApply());
    operator.register(budgets);
    operator.register(
        new LlmPricingReconciler(new PriceCatalogStore(db), metrics, settings.clock()));
    operator.register(new LlmCostStackReconciler(settings.clock()));
    operator.start();
    CommitSignalListener listener =
        new CommitSignalListener(jdbcUrl, user, password, budgets::onCommit);

    Undertow http =
        Undertow.builder()
            .addHttpListener(settings.httpPort(), "0.0.0.0")
            .setHandler(exchange -> serve(exchange, operator, db, registry, metrics))
            .build();
    http.start();
    OperatorRuntime runtime = new OperatorRuntime(operator, listener, http, metrics);
    LOG.info(
        "operator running; HTTP on :{} (operator namespace {})",
        runtime.httpPort(),
        settings.operatorNamespace());
    return runtime;
  }

  public int httpPort() {
    return ((InetSocketAddress) http.getListenerInfo().get(0).getAddress()).getPort();
  }

  public OperatorMetrics metrics() {
    return metrics;
  }

  private static void serve(
      HttpServerExchange exchange,
      Operator operator,
      DataSource db,
      PrometheusMeterRegistry registry,
      OperatorMetrics metrics)
      throws Exception {
    if (exchange.isInIoThread()) {
      exchange.dispatch(e -> serve(e, operator, db, registry, metrics));
      return;
    }
    String path = exchange.getRequestPath();
    if (path.equals("/metrics")) {
      exchange
          .getResponseHeaders()
          .put(Headers.CONTENT_TYPE, "text/plain; version=0.0.4; charset=utf-8");
      exchange.getResponseSender().send(registry.scrape(), StandardCharsets.UTF_8);
    } else if (path.equals("/healthz")) {
      json(exchange, 200, JSON.createObjectNode().put("status", "UP"));
    } else if (path.equals("/readyz")) {
      boolean started = operator.getRuntimeInfo().isStarted();
      boolean healthy = started && operator.getRuntimeInfo().allEventSourcesAreHealthy();
      boolean database;
      try (Connection c = db.getConnection()) {
        database = c.isValid(2);
      } catch (Exception e) {
        database = false;
      }
      json(
          exchange,
          healthy && database ? 200 : 503,
          JSON.createObjectNode()
              .put("status", healthy && database ? "UP" : "DOWN")
              .put("informers", healthy)
              .put("database", database));
    } else if (path.startsWith("/block/")) {
      block(exchange, path.substring("/block/".length()), metrics);
    } else {
      json(exchange, 404, JSON.createObjectNode().put("error", "no such endpoint: " + path));
    }
  }

  /**
   * What a blocked route answers: HTTP 429 with an OpenAI-style error naming the budget, which
   * LiteLLM passes on to the caller.
   */
  private static void block(HttpServerExchange exchange, String rest, OperatorMetrics metrics)
      throws Exception {
    String[] parts = rest.split("/");
    String budget = parts.length >= 2 ? parts[0] + "/" + parts[1] : rest;
    OperatorMetrics.Figures f = metrics.figures(budget);
    String detail =
        f == null
            ? ""
            : String.format(
                " (spent $%s of $%s, %s%%)",
                f.spent().stripTrailingZeros().toPlainString(),
                f.limit().toPlainString(),
                f.utilizationPercent().toPlainString());
    String message =
        "LLM budget "
            + budget
            + " is exceeded"
            + detail
            + "; this route is blocked until "
            + (f == null ? "the period ends" : f.periodEnd())
            + " or the limit is raised.";
    ObjectNode error = JSON.createObjectNode();
    error
        .putObject("error")
        .put("message", message)
        .put("type", "budget_exceeded")
        .put("code", "budget_exceeded")
        .put("param", (String) null);
    exchange.getResponseHeaders().put(Headers.RETRY_AFTER, "3600");
    json(exchange, 429, error);
  }

  private static void json(HttpServerExchange exchange, int status, ObjectNode body)
      throws Exception {
    exchange.setStatusCode(status);
    exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, "application/json");
    exchange.getResponseSender().send(JSON.writeValueAsString(body), StandardCharsets.UTF_8);
  }

  @Override
  public void close() throws InterruptedException {
    listener.close();
    operator.stop();
    http.stop();
  }
}
