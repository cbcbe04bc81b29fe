package io.llmcost.reconcilers.stack;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.CRUDKubernetesDependentResource;
import io.llmcost.model.stack.LlmCostStack;

/** The ingester Deployment. */
public class IngesterDeploymentDependent
    extends CRUDKubernetesDependentResource<Deployment, LlmCostStack> {
  @Override
  protected Deployment desired(LlmCostStack stack, Context<LlmCostStack> context) {
    return StackResources.ingester(stack);
  }
}
