package io.llmcost.reconcilers.stack;

import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.CRUDKubernetesDependentResource;
import io.llmcost.model.stack.LlmCostStack;

/** The collector's ServiceAccount (the chart grants it read access for k8sattributes). */
public class CollectorServiceAccountDependent
    extends CRUDKubernetesDependentResource<ServiceAccount, LlmCostStack> {
  @Override
  protected ServiceAccount desired(LlmCostStack stack, Context<LlmCostStack> context) {
    return StackResources.collectorServiceAccount(stack);
  }
}
