package io.llmcost.reconcilers.stack;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.CRUDKubernetesDependentResource;
import io.llmcost.model.stack.LlmCostStack;

/** The collector's pipeline, rendered from collector-config/collector.yaml. */
public class CollectorConfigDependent
    extends CRUDKubernetesDependentResource<ConfigMap, LlmCostStack> {
  @Override
  protected ConfigMap desired(LlmCostStack stack, Context<LlmCostStack> context) {
    return StackResources.collectorConfig(stack);
  }
}
