package io.llmcost.reconcilers;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.javaoperatorsdk.operator.api.reconciler.Cleaner;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.DeleteControl;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.llmcost.budget.Conditions;
import io.llmcost.ledger.PriceCatalogStore;
import io.llmcost.model.pricing.LlmPricing;
import io.llmcost.model.pricing.LlmPricingStatus;
import io.llmcost.model.pricing.ModelPrice;
import io.llmcost.pricing.PriceCatalog;
import io.llmcost.pricing.PriceCatalogEntry;
import io.llmcost.pricing.PricingException;
import io.llmcost.pricing.ProviderNames;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * LlmPricing: validates the catalog with the price engine, syncs it into the catalog tables the
 * ingesters read (only when its generation changed), flags models another catalog prices for the
 * same provider from the same date, and removes the catalog when the object goes.
 */
@ControllerConfiguration(name = "llmpricing")
public class LlmPricingReconciler implements Reconciler<LlmPricing>, Cleaner<LlmPricing> {
  private final PriceCatalogStore store;
  private final OperatorMetrics metrics;
  private final Clock clock;

  public LlmPricingReconciler(PriceCatalogStore store, OperatorMetrics metrics, Clock clock) {
    this.store = store;
    this.metrics = metrics;
    this.clock = clock;
  }

  @Override
  public UpdateControl<LlmPricing> reconcile(LlmPricing pricing, Context<LlmPricing> context)
      throws Exception {
    long started = System.nanoTime();
    String name = pricing.getMetadata().getName();
    Long generation = pricing.getMetadata().getGeneration();
    List<Condition> old = pricing.getStatus() == null ? null : pricing.getStatus().getConditions();
    LlmPricingStatus status = new LlmPricingStatus();
    status.setObservedGeneration(generation);
    try {
      PriceCatalog.of(List.of(new PriceCatalogEntry(name, pricing.getSpec())));
      if (!Objects.equals(store.storedGeneration(name), generation) || generation == null) {
        store.apply(List.of(pricing), "kubernetes");
      }
      status.setModels(pricing.getSpec().getModels().size());
      status
          .getConditions()
          .add(
              Conditions.of(
                  old,
                  Conditions.READY,
                  true,
                  "Synced",
                  status.getModels() + " model price(s) are in the catalog the ingesters use",
                  generation,
                  clock.instant()));
    } catch (PricingException e) {
      status.setModels(0);
      status
          .getConditions()
          .add(
              Conditions.of(
                  old,
                  Conditions.READY,
                  false,
                  "InvalidCatalog",
                  e.getMessage(),
                  generation,
                  clock.instant()));
    }
    String conflict =
        conflict(pricing, context.getClient().resources(LlmPricing.class).list().getItems());
    status
        .getConditions()
        .add(
            conflict == null
                ? Conditions.of(
                    old,
                    Conditions.CONFLICT,
                    false,
                    "NoConflict",
                    "No other catalog prices these models for the same provider from the same date",
                    generation,
                    clock.instant())
                : Conditions.of(
                    old,
                    Conditions.CONFLICT,
                    true,
                    "DuplicateModel",
                    conflict,
                    generation,
                    clock.instant()));
    metrics.reconciled("LlmPricing", true, java.time.Duration.ofNanos(System.nanoTime() - started));
    if (StatusComparison.same(status, pricing.getStatus())) {
      return UpdateControl.noUpdate();
    }
    LlmPricing patch = new LlmPricing();
    patch.setMetadata(new ObjectMetaBuilder().withName(name).build());
    patch.setStatus(status);
    return UpdateControl.patchStatus(patch);
  }

  /** A message naming models another catalog prices for the same provider and date, or null. */
  static String conflict(LlmPricing pricing, List<LlmPricing> all) {
    List<String> clashes = new ArrayList<>();
    for (LlmPricing other : all) {
      if (other.getMetadata().getName().equals(pricing.getMetadata().getName())
          || !Objects.equals(
              ProviderNames.canonical(other.getSpec().getProvider()),
              ProviderNames.canonical(pricing.getSpec().getProvider()))
          || !Objects.equals(
              other.getSpec().getEffectiveFrom(), pricing.getSpec().getEffectiveFrom())) {
        continue;
      }
      for (ModelPrice m : pricing.getSpec().getModels()) {
        if (other.getSpec().getModels().stream().anyMatch(o -> o.getName().equals(m.getName()))) {
          clashes.add(m.getName() + " (also in " + other.getMetadata().getName() + ")");
        }
      }
    }
    if (clashes.isEmpty()) {
      return null;
    }
    return "Models priced twice for the same provider and effectiveFrom: "
        + String.join(", ", clashes)
        + "; the catalog whose name sorts first is used";
  }

  @Override
  public DeleteControl cleanup(LlmPricing pricing, Context<LlmPricing> context) throws Exception {
    store.delete(pricing.getMetadata().getName());
    return DeleteControl.defaultDelete();
  }
}
