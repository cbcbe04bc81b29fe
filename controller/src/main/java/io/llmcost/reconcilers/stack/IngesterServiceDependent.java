package io.llmcost.reconcilers.stack;

import io.fabric8.kubernetes.api.model.Service;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.CRUDKubernetesDependentResource;
import io.llmcost.model.stack.LlmCostStack;

/** The ingester's Service: OTLP 4317/4318 from the collector, the cost API and metrics on 8080. */
public class IngesterServiceDependent
    extends CRUDKubernetesDependentResource<Service, LlmCostStack> {
  @Override
  protected Service desired(LlmCostStack stack, Context<LlmCostStack> context) {
    return StackResources.service(
        stack, StackResources.ingesterName(stack), "ingester", 4317, 4318, 8080);
  }
}
