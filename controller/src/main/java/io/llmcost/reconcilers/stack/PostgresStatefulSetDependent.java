package io.llmcost.reconcilers.stack;

import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.CRUDKubernetesDependentResource;
import io.llmcost.model.stack.LlmCostStack;

/** The managed single-instance PostgreSQL. */
public class PostgresStatefulSetDependent
    extends CRUDKubernetesDependentResource<StatefulSet, LlmCostStack> {
  @Override
  protected StatefulSet desired(LlmCostStack stack, Context<LlmCostStack> context) {
    return StackResources.postgres(stack);
  }
}
