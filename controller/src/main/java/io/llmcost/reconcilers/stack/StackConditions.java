package io.llmcost.reconcilers.stack;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.dependent.DependentResource;
import io.javaoperatorsdk.operator.processing.dependent.workflow.Condition;
import io.llmcost.model.stack.LlmCostStack;

/** Workflow conditions of the stack. */
public final class StackConditions {
  private StackConditions() {}

  /** A Deployment is ready when all its desired replicas are available. */
  public static class DeploymentAvailable implements Condition<Deployment, LlmCostStack> {
    @Override
    public boolean isMet(
        DependentResource<Deployment, LlmCostStack> dependent,
        LlmCostStack stack,
        Context<LlmCostStack> context) {
      return dependent
          .getSecondaryResource(stack, context)
          .map(
              d -> {
                int wanted = d.getSpec().getReplicas() == null ? 1 : d.getSpec().getReplicas();
                Integer available =
                    d.getStatus() == null ? null : d.getStatus().getAvailableReplicas();
                return available != null && available >= wanted;
              })
          .orElse(false);
    }
  }

  /** The managed PostgreSQL exists only when no external database Secret is referenced. */
  public static class ManagedDatabase implements Condition<Object, LlmCostStack> {
    @Override
    public boolean isMet(
        DependentResource<Object, LlmCostStack> dependent,
        LlmCostStack stack,
        Context<LlmCostStack> context) {
      return StackResources.managedDatabase(stack);
    }
  }

  /** The ingest token Secret is generated only when the stack references none. */
  public static class GeneratedToken implements Condition<Object, LlmCostStack> {
    @Override
    public boolean isMet(
        DependentResource<Object, LlmCostStack> dependent,
        LlmCostStack stack,
        Context<LlmCostStack> context) {
      return StackResources.generatesToken(stack);
    }
  }
}
