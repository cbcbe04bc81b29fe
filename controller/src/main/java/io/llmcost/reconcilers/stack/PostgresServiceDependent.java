package io.llmcost.reconcilers.stack;

import io.fabric8.kubernetes.api.model.Service;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.CRUDKubernetesDependentResource;
import io.llmcost.model.stack.LlmCostStack;

/** The managed PostgreSQL's Service. */
public class PostgresServiceDependent
    extends CRUDKubernetesDependentResource<Service, LlmCostStack> {
  @Override
  protected Service desired(LlmCostStack stack, Context<LlmCostStack> context) {
    return StackResources.service(stack, StackResources.postgresName(stack), "database", 5432);
  }
}
