package io.llmcost.reconcilers.stack;

import io.fabric8.kubernetes.api.model.Service;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.CRUDKubernetesDependentResource;
import io.llmcost.model.stack.LlmCostStack;

/** The collector's Service: OTLP gRPC 4317 and HTTP 4318, where applications send spans. */
public class CollectorServiceDependent
    extends CRUDKubernetesDependentResource<Service, LlmCostStack> {
  @Override
  protected Service desired(LlmCostStack stack, Context<LlmCostStack> context) {
    return StackResources.service(
        stack, StackResources.collectorName(stack), "collector", 4317, 4318);
  }
}
