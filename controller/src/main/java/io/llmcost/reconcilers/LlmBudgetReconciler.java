package io.llmcost.reconcilers;

import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.ErrorStatusUpdateControl;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.PrimaryUpdateAndCacheUtils;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.IndexerResourceCache;
import io.javaoperatorsdk.operator.processing.event.source.inbound.SimpleInboundEventSource;
import io.llmcost.budget.Conditions;
import io.llmcost.ledger.CommitSignals;
import io.llmcost.model.budget.LlmBudget;
import io.llmcost.model.budget.LlmBudgetStatus;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

/**
 * LlmBudget: evaluates the budget (BudgetEngine), writes the status only when it changed, and runs
 * again within a second of new spend (the ledger's commit signal) or every resync interval.
 *
 * <p>Only budgets that change routing carry a finalizer: deleting one must first restore the
 * routing it changed. The others need no cleanup, and skipping the finalizer halves the API writes
 * of a first reconcile (so the reconciler sees every event and manages the finalizer).
 */
@ControllerConfiguration(name = "llmbudget", triggerReconcilerOnAllEvents = true)
public class LlmBudgetReconciler implements Reconciler<LlmBudget> {
  static final String FINALIZER = "llmbudgets.llmcost.io/finalizer";

  private final BudgetEngine engine;
  private final OperatorMetrics metrics;
  private final Duration resync;
  private final Clock clock;
  private final boolean serverSideApply;
  private final SimpleInboundEventSource<LlmBudget> commits =
      new SimpleInboundEventSource<>("ledger-commits");
  private volatile IndexerResourceCache<LlmBudget> budgets;

  public LlmBudgetReconciler(
      BudgetEngine engine,
      OperatorMetrics metrics,
      Duration resync,
      Clock clock,
      boolean serverSideApply) {
    this.engine = engine;
    this.metrics = metrics;
    this.resync = resync;
    this.clock = clock;
    this.serverSideApply = serverSideApply;
  }

  @Override
  public List<EventSource<?, LlmBudget>> prepareEventSources(
      EventSourceContext<LlmBudget> context) {
    budgets = context.getPrimaryCache();
    return List.of(commits);
  }

  /** Wakes every budget whose scope covers a key the committed batch touched. */
  public void onCommit(CommitSignals.Signal signal) {
    IndexerResourceCache<LlmBudget> cache = budgets;
    if (cache == null) {
      return;
    }
    cache
        .list()
        .forEach(
            budget -> {
              var scope = engine.scope(budget);
              if (signal.keys().stream().anyMatch(scope::matches)) {
                commits.propagateEvent(ResourceID.fromResource(budget));
              }
            });
  }

  @Override
  public UpdateControl<LlmBudget> reconcile(LlmBudget budget, Context<LlmBudget> context)
      throws Exception {
    if (context.isPrimaryResourceDeleted() || budget.isMarkedForDeletion()) {
      if (!context.isPrimaryResourceDeleted() && budget.hasFinalizer(FINALIZER)) {
        engine.withdraw(budget, context.getClient());
        PrimaryUpdateAndCacheUtils.removeFinalizer(context, FINALIZER);
      }
      metrics.forget(budget.getMetadata().getNamespace(), budget.getMetadata().getName());
      return UpdateControl.noUpdate();
    }
    boolean routes = budget.getSpec().getRouting() != null;
    if (routes && !budget.hasFinalizer(FINALIZER)) {
      budget =
          serverSideApply
              ? PrimaryUpdateAndCacheUtils.addFinalizerWithSSA(context, budget, FINALIZER)
              : PrimaryUpdateAndCacheUtils.addFinalizer(context, FINALIZER);
    } else if (!routes && budget.hasFinalizer(FINALIZER)) {
      budget = PrimaryUpdateAndCacheUtils.removeFinalizer(context, FINALIZER);
    }
    long started = System.nanoTime();
    boolean ok = false;
    try {
      LlmBudgetStatus status = engine.evaluate(budget, context.getClient());
      metrics.budget(budget, status);
      ok = true;
      return statusUpdate(budget, status).rescheduleAfter(resync);
    } finally {
      metrics.reconciled("LlmBudget", ok, Duration.ofNanos(System.nanoTime() - started));
    }
  }

  @Override
  public ErrorStatusUpdateControl<LlmBudget> updateErrorStatus(
      LlmBudget budget, Context<LlmBudget> context, Exception e) {
    LlmBudgetStatus status =
        budget.getStatus() == null ? new LlmBudgetStatus() : budget.getStatus();
    var previous = status.getConditions();
    status.setConditions(
        Conditions.list(
            Conditions.of(
                previous,
                Conditions.READY,
                false,
                "EvaluationFailed",
                "Spend could not be computed: " + e.getMessage(),
                budget.getMetadata().getGeneration(),
                clock.instant())));
    return ErrorStatusUpdateControl.patchStatus(fresh(budget, status));
  }

  private static UpdateControl<LlmBudget> statusUpdate(LlmBudget budget, LlmBudgetStatus status) {
    if (StatusComparison.same(status, budget.getStatus())) {
      return UpdateControl.noUpdate();
    }
    return UpdateControl.patchStatus(fresh(budget, status));
  }

  /** Identity and status only, so the patch carries nothing else. */
  static LlmBudget fresh(LlmBudget budget, LlmBudgetStatus status) {
    LlmBudget patch = new LlmBudget();
    patch.setMetadata(
        new ObjectMetaBuilder()
            .withName(budget.getMetadata().getName())
            .withNamespace(budget.getMetadata().getNamespace())
            .build());
    patch.setStatus(status);
    return patch;
  }
}
