package io.llmcost.reconcilers;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.ObjectReferenceBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.llmcost.actions.BudgetNotice;
import io.llmcost.actions.Notifier;
import io.llmcost.actions.RouteAction;
import io.llmcost.actions.RoutingPlanner;
import io.llmcost.actions.RoutingState;
import io.llmcost.budget.BudgetFacts;
import io.llmcost.budget.BudgetStatusBuilder;
import io.llmcost.budget.BudgetWindow;
import io.llmcost.budget.Delivery;
import io.llmcost.budget.Forecast;
import io.llmcost.budget.Ladder;
import io.llmcost.ledger.BudgetLedger;
import io.llmcost.ledger.BudgetScope;
import io.llmcost.ledger.LedgerWriter;
import io.llmcost.model.budget.BudgetSelector;
import io.llmcost.model.budget.EnforcementMode;
import io.llmcost.model.budget.LlmBudget;
import io.llmcost.model.budget.LlmBudgetSpec;
import io.llmcost.model.budget.LlmBudgetStatus;
import io.llmcost.model.budget.ModelSwap;
import io.llmcost.model.budget.Notification;
import io.llmcost.model.budget.Routing;
import io.llmcost.model.budget.RoutingFormat;
import io.llmcost.model.budget.Threshold;
import io.llmcost.model.common.SecretKeyReference;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Everything one budget reconcile does, in order: read the ledger, decide (pure), notify through
 * the actions log, change routing, build the status. The reconciler around it stays thin.
 */
public final class BudgetEngine {
  private static final Logger LOG = LoggerFactory.getLogger(BudgetEngine.class);
  static final String ROUTING_STATE_ANNOTATION = "llmcost.io/routing-state";
  static final String RESTART_ANNOTATION = "llmcost.io/routing-revision";
  private static final ObjectMapper JSON = new ObjectMapper();

  /** A failed notification is retried no sooner than this, doubled per attempt, at most 5 times. */
  private static final Duration RETRY_BASE = Duration.ofSeconds(10);

  private static final int MAX_ATTEMPTS = 5;

  private final BudgetLedger ledger;
  private final Notifier notifier;
  private final Clock clock;
  private final String operatorNamespace;
  private final String blockEndpoint;
  private final String linkBase;

  /**
   * @param operatorNamespace budgets here may select other namespaces
   * @param blockEndpoint base URL of the operator's block endpoint, as the router reaches it
   * @param linkBase base URL of the cost API for links in notifications, or null
   */
  public BudgetEngine(
      BudgetLedger ledger,
      Notifier notifier,
      Clock clock,
      String operatorNamespace,
      String blockEndpoint,
      String linkBase) {
    this.ledger = ledger;
    this.notifier = notifier;
    this.clock = clock;
    this.operatorNamespace = operatorNamespace;
    this.blockEndpoint = blockEndpoint;
    this.linkBase = linkBase;
  }

  /** The scope of calls a budget counts. */
  public BudgetScope scope(LlmBudget budget) {
    return scope(budget, operatorNamespace);
  }

  /**
   * The scope of calls a budget counts: its own namespace, or the namespaces it selects (any, if
   * none) when it lives in the operator's namespace.
   */
  public static BudgetScope scope(LlmBudget budget, String operatorNamespace) {
    BudgetSelector s =
        budget.getSpec().getSelector() == null
            ? new BudgetSelector()
            : budget.getSpec().getSelector();
    String ns = budget.getMetadata().getNamespace();
    List<String> namespaces = ns.equals(operatorNamespace) ? s.getNamespaces() : List.of(ns);
    return new BudgetScope(
        namespaces,
        s.getApplications(),
        s.getUsers(),
        s.getProviders(),
        s.getModels(),
        s.getAttributes());
  }

  /** Evaluates the budget, acts, and returns its new status. */
  public LlmBudgetStatus evaluate(LlmBudget budget, KubernetesClient client) throws SQLException {
    LlmBudgetSpec spec = budget.getSpec();
    Instant now = clock.instant();
    ZoneId zone = ZoneId.of(spec.getTimezone() == null ? "UTC" : spec.getTimezone());
    BudgetWindow window = BudgetWindow.containing(spec.getPeriod(), zone, now);
    BudgetScope scope = scope(budget);
    Instant recentFrom = recentFrom(window, now);
    BudgetLedger.Spend spend =
        ledger.spend(scope, window.startInstant(), recentFrom, window.endInstant());
    BudgetFacts facts =
        new BudgetFacts(
            spend.cost(),
            spend.recentCost(),
            Duration.between(recentFrom, now),
            spend.unpricedRequests(),
            spend.unpricedModels());
    BigDecimal limit = spec.limitAmount();
    BigDecimal utilization = BudgetStatusBuilder.utilization(spend.cost(), limit);
    boolean dryRun = spec.getEnforcement() == EnforcementMode.DryRun;
    String key = budget.getMetadata().getNamespace() + "/" + budget.getMetadata().getName();

    ConfigMap routingMap = spec.getRouting() == null ? null : routingConfigMap(client, budget);
    RoutingState routingState =
        routingMap == null ? new RoutingState() : state(routingMap, spec.getRouting());
    RouteAction enforced = routingState.actions.get(key);
    Ladder.Decision decision =
        Ladder.decide(
            spec.getThresholds() == null ? List.of() : spec.getThresholds(),
            utilization,
            enforced == null ? null : enforced.percent());

    LlmBudgetStatus provisional =
        BudgetStatusBuilder.build(
            generation(budget),
            limit,
            window,
            facts,
            decision,
            dryRun,
            Delivery.NONE,
            null,
            budget.getStatus(),
            now);
    Delivery delivery = notify(budget, client, window, decision, provisional, dryRun);
    String problem = null;
    if (spec.getRouting() != null && !dryRun) {
      problem = route(budget, client, routingMap, routingState, decision, window);
    }
    return BudgetStatusBuilder.build(
        generation(budget),
        limit,
        window,
        facts,
        decision,
        dryRun,
        delivery,
        problem,
        budget.getStatus(),
        now);
  }

  /**
   * Where the burn rate's recent spend starts: {@link Forecast#RECENT} before now, down to its
   * 15-minute bucket, but not before the window.
   */
  public static Instant recentFrom(BudgetWindow window, Instant now) {
    Instant recent = LedgerWriter.bucketOf(now.minus(Forecast.RECENT));
    return recent.isBefore(window.startInstant()) ? window.startInstant() : recent;
  }

  private static long generation(LlmBudget b) {
    return b.getMetadata().getGeneration() == null ? 0 : b.getMetadata().getGeneration();
  }

  // ---- notifications ----

  private Delivery notify(
      LlmBudget budget,
      KubernetesClient client,
      BudgetWindow window,
      Ladder.Decision decision,
      LlmBudgetStatus status,
      boolean dryRun) {
    int sent = 0;
    List<String> failures = new ArrayList<>();
    String ns = budget.getMetadata().getNamespace();
    String name = budget.getMetadata().getName();
    for (Threshold t : decision.reached()) {
      BudgetNotice notice = notice(budget, t, decision, status, dryRun);
      List<String> channels = new ArrayList<>(List.of("event"));
      List<Notification> notifications =
          budget.getSpec().getNotifications() == null
              ? List.of()
              : budget.getSpec().getNotifications();
      for (int i = 0; i < notifications.size(); i++) {
        channels.add(notifications.get(i).getSlack() != null ? "slack:" + i : "webhook:" + i);
      }
      for (String channel : channels) {
        BudgetLedger.ActionKey actionKey =
            new BudgetLedger.ActionKey(
                ns, name, window.startInstant(), t.getPercent(), "Notify", channel);
        try {
          BudgetLedger.DueAction due =
              ledger.claim(
                  actionKey,
                  budget.getMetadata().getUid(),
                  dryRun,
                  new BigDecimal(status.getSpent()));
          if (due == null || !retryDue(due)) {
            if (due != null) {
              failures.add(
                  describe(channel, notifications)
                      + ": "
                      + due.lastError()
                      + (due.attempts() >= MAX_ATTEMPTS
                          ? "; gave up after " + due.attempts() + " attempts this period"
                          : "; retrying (" + due.attempts() + " failed attempt(s) so far)"));
            }
            continue;
          }
          try {
            deliver(client, budget, channel, notice, notifications);
            ledger.complete(due.id(), true, Map.of("summary", notice.summary()));
            sent++;
          } catch (Exception e) {
            ledger.complete(due.id(), false, Map.of("error", String.valueOf(e.getMessage())));
            failures.add(describe(channel, notifications) + ": " + e.getMessage());
            LOG.warn(
                "budget {}/{}: notification via {} failed: {}", ns, name, channel, e.getMessage());
          }
        } catch (SQLException e) {
          failures.add(channel + ": actions log unavailable: " + e.getMessage());
        }
      }
    }
    return new Delivery(sent, failures);
  }

  private boolean retryDue(BudgetLedger.DueAction due) {
    if (due.attempts() == 0) {
      return true;
    }
    if (due.attempts() >= MAX_ATTEMPTS) {
      return false;
    }
    Duration wait = RETRY_BASE.multipliedBy(1L << (due.attempts() - 1));
    return due.lastAttempt() == null || !clock.instant().isBefore(due.lastAttempt().plus(wait));
  }

  private static String describe(String channel, List<Notification> notifications) {
    if (channel.startsWith("webhook:")) {
      return "webhook "
          + notifications.get(Integer.parseInt(channel.substring(8))).getWebhook().getUrl();
    }
    return channel.startsWith("slack:") ? "slack" : channel;
  }

  private void deliver(
      KubernetesClient client,
      LlmBudget budget,
      String channel,
      BudgetNotice notice,
      List<Notification> notifications)
      throws Exception {
    String ns = budget.getMetadata().getNamespace();
    if (channel.equals("event")) {
      event(
          client,
          budget,
          notice.dryRun() ? "ThresholdReachedDryRun" : "ThresholdReached",
          notice.summary(),
          "Warning");
      return;
    }
    Notification n =
        notifications.get(Integer.parseInt(channel.substring(channel.indexOf(':') + 1)));
    if (n.getSlack() != null) {
      notifier.slack(secret(client, ns, n.getSlack().getWebhookSecretRef()), notice);
    } else {
      SecretKeyReference hmac = n.getWebhook().getHmacSecretRef();
      notifier.webhook(
          n.getWebhook().getUrl(), hmac == null ? null : secret(client, ns, hmac), notice);
    }
  }

  private static String secret(KubernetesClient client, String ns, SecretKeyReference ref) {
    Secret secret = client.secrets().inNamespace(ns).withName(ref.getName()).get();
    if (secret == null || secret.getData() == null || !secret.getData().containsKey(ref.getKey())) {
      throw new IllegalStateException(
          "Secret " + ns + "/" + ref.getName() + " has no key " + ref.getKey());
    }
    return new String(
            Base64.getDecoder().decode(secret.getData().get(ref.getKey())), StandardCharsets.UTF_8)
        .strip();
  }

  private BudgetNotice notice(
      LlmBudget budget,
      Threshold t,
      Ladder.Decision decision,
      LlmBudgetStatus status,
      boolean dryRun) {
    String what =
        switch (t.getAction()) {
          case Notify -> "notification threshold";
          case SwapModel -> swapText(t.getSwap());
          case Block -> "calls on the budget's routes are blocked until the period ends";
        };
    String link =
        linkBase == null
            ? null
            : linkBase
                + "/api/v1/costs/summary?from="
                + status.getPeriodStart().replace("+", "%2B")
                + "&groupBy=model,application&namespace="
                + budget.getMetadata().getNamespace();
    return new BudgetNotice(
        budget.getMetadata().getNamespace(),
        budget.getMetadata().getName(),
        t.getPercent(),
        t.getAction().name(),
        dryRun,
        status.getSpent().replaceAll("0{1,7}$", ""),
        budget.getSpec().getLimit(),
        status.getUtilizationPercent(),
        status.getForecast(),
        status.getPeriodStart(),
        status.getPeriodEnd(),
        what,
        link);
  }

  private static String swapText(ModelSwap swap) {
    return swap == null ? "model swap" : swap.getFrom() + " is swapped for " + swap.getTo();
  }

  private static void event(
      KubernetesClient client, LlmBudget budget, String reason, String message, String type) {
    String ns = budget.getMetadata().getNamespace();
    String now = Instant.now().toString();
    client
        .v1()
        .events()
        .inNamespace(ns)
        .resource(
            new EventBuilder()
                .withNewMetadata()
                .withName(
                    budget.getMetadata().getName()
                        + "."
                        + UUID.randomUUID().toString().substring(0, 13))
                .withNamespace(ns)
                .endMetadata()
                .withInvolvedObject(
                    new ObjectReferenceBuilder()
                        .withApiVersion(budget.getApiVersion())
                        .withKind(budget.getKind())
                        .withName(budget.getMetadata().getName())
                        .withNamespace(ns)
                        .withUid(budget.getMetadata().getUid())
                        .build())
                .withReason(reason)
                .withMessage(message)
                .withType(type)
                .withFirstTimestamp(now)
                .withLastTimestamp(now)
                .withCount(1)
                .withNewSource("llm-cost-operator", null)
                .build())
        .create();
  }

  /** Takes a deleted budget's routing action back, restoring what it changed. */
  public void withdraw(LlmBudget budget, KubernetesClient client) {
    if (budget.getSpec().getRouting() == null) {
      return;
    }
    ConfigMap map = routingConfigMap(client, budget);
    if (map == null) {
      return;
    }
    RoutingState state = state(map, budget.getSpec().getRouting());
    Ladder.Decision none = new Ladder.Decision(null, null, List.of(), false, List.of());
    BudgetWindow window =
        BudgetWindow.containing(
            budget.getSpec().getPeriod(),
            ZoneId.of(
                budget.getSpec().getTimezone() == null ? "UTC" : budget.getSpec().getTimezone()),
            clock.instant());
    route(budget, client, map, state, none, window);
  }

  // ---- routing ----

  private static ConfigMap routingConfigMap(KubernetesClient client, LlmBudget budget) {
    return client
        .configMaps()
        .inNamespace(budget.getMetadata().getNamespace())
        .withName(budget.getSpec().getRouting().getConfigMapRef().getName())
        .get();
  }

  private static RoutingState state(ConfigMap map, Routing routing) {
    String json =
        map.getMetadata().getAnnotations() == null
            ? null
            : map.getMetadata().getAnnotations().get(annotation(routing));
    if (json == null) {
      return new RoutingState();
    }
    try {
      return JSON.readValue(json, RoutingState.class);
    } catch (JsonProcessingException e) {
      LOG.warn(
          "unreadable {} on ConfigMap {}; starting over",
          annotation(routing),
          map.getMetadata().getName());
      return new RoutingState();
    }
  }

  private static String annotation(Routing routing) {
    return ROUTING_STATE_ANNOTATION + "." + routing.getConfigMapRef().getKey();
  }

  /** Applies this budget's routing decision; returns a problem for the status, or null. */
  private String route(
      LlmBudget budget,
      KubernetesClient client,
      ConfigMap map,
      RoutingState state,
      Ladder.Decision decision,
      BudgetWindow window) {
    Routing routing = budget.getSpec().getRouting();
    String cm = routing.getConfigMapRef().getName();
    String dataKey = routing.getConfigMapRef().getKey();
    String key = budget.getMetadata().getNamespace() + "/" + budget.getMetadata().getName();
    RouteAction action =
        decision.patchesRouting()
            ? new RouteAction(
                decision.routing().getPercent(),
                decision.swaps().stream().map(s -> List.of(s.getFrom(), s.getTo())).toList(),
                decision.block(),
                budget.getSpec().getSelector() == null
                        || budget.getSpec().getSelector().getModels() == null
                    ? List.of()
                    : budget.getSpec().getSelector().getModels())
            : null;
    if (map == null) {
      return action == null
          ? null
          : "routing ConfigMap "
              + cm
              + " not found; nothing could be "
              + (action.block() ? "blocked" : "swapped");
    }
    String text = map.getData() == null ? null : map.getData().get(dataKey);
    if (text == null) {
      return action == null ? null : "routing ConfigMap " + cm + " has no key " + dataKey;
    }
    RouteAction before = state.actions.get(key);
    RoutingFormat format =
        routing.getFormat() == null ? RoutingFormat.LiteLLM : routing.getFormat();
    RoutingPlanner.Plan plan = RoutingPlanner.plan(text, format, state, key, action, blockEndpoint);
    boolean sameAction = java.util.Objects.equals(before, action);
    if (sameAction && !plan.changed(text)) {
      return null; // routing already as this budget wants it
    }
    String stateJson;
    try {
      stateJson = plan.state().isEmpty() ? null : JSON.writeValueAsString(plan.state());
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
    // A JSON merge patch touches only our key and annotation: others' edits to the ConfigMap stay.
    Map<String, Object> patch =
        Map.of(
            "metadata", Map.of("annotations", nullable(annotation(routing), stateJson)),
            "data", Map.of(dataKey, plan.text()));
    client
        .configMaps()
        .inNamespace(budget.getMetadata().getNamespace())
        .withName(cm)
        .patch(
            io.fabric8.kubernetes.client.dsl.base.PatchContext.of(
                io.fabric8.kubernetes.client.dsl.base.PatchType.JSON_MERGE),
            toJson(patch));
    // the same action with a changed text: someone reverted our edit by hand; it is re-applied
    String verb =
        sameAction
            ? "RoutingReapplied"
            : action == null ? "Restored" : action.block() ? "Blocked" : "ModelSwapped";
    String message =
        sameAction
            ? "Routing in ConfigMap "
                + cm
                + " had been changed back by hand while the budget's action is in force;"
                + " re-applied"
            : action == null
                ? "Routing in ConfigMap "
                    + cm
                    + " restored (period "
                    + window.start()
                    + "): utilization is below every routing threshold"
                : action.block()
                    ? "Routing in ConfigMap "
                        + cm
                        + " blocked for the budget's routes at "
                        + action.percent()
                        + "%"
                    : "Routing in ConfigMap "
                        + cm
                        + " swaps "
                        + action.swaps()
                        + " at "
                        + action.percent()
                        + "%";
    event(client, budget, verb, message, action == null ? "Normal" : "Warning");
    LOG.info("budget {}: {}", key, message);
    if (plan.changed(text) && routing.getRestartDeployment() != null) {
      restart(
          client, budget.getMetadata().getNamespace(), routing.getRestartDeployment(), plan.text());
    }
    return null;
  }

  private static Map<String, Object> nullable(String key, String value) {
    Map<String, Object> m = new java.util.HashMap<>();
    m.put(key, value);
    return m;
  }

  private static String toJson(Object o) {
    try {
      return JSON.writeValueAsString(o);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Rolls the router so it re-reads its file (LiteLLM does not watch it). */
  private static void restart(KubernetesClient client, String ns, String deployment, String text) {
    try {
      String revision =
          HexFormat.of()
              .formatHex(
                  MessageDigest.getInstance("SHA-256")
                      .digest(text.getBytes(StandardCharsets.UTF_8)))
              .substring(0, 16);
      String patch =
          toJson(
              Map.of(
                  "spec",
                  Map.of(
                      "template",
                      Map.of(
                          "metadata",
                          Map.of("annotations", Map.of(RESTART_ANNOTATION, revision))))));
      client
          .apps()
          .deployments()
          .inNamespace(ns)
          .withName(deployment)
          .patch(
              io.fabric8.kubernetes.client.dsl.base.PatchContext.of(
                  io.fabric8.kubernetes.client.dsl.base.PatchType.JSON_MERGE),
              patch);
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    } catch (RuntimeException e) {
      LOG.warn("could not restart Deployment {}/{}: {}", ns, deployment, e.getMessage());
    }
  }
}
