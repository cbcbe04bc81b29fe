package io.llmcost.reconcilers.stack;

import io.fabric8.kubernetes.api.model.Secret;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.CRUDKubernetesDependentResource;
import io.llmcost.model.stack.LlmCostStack;

/** The managed PostgreSQL's credentials, generated once and then kept. */
public class PostgresSecretDependent extends CRUDKubernetesDependentResource<Secret, LlmCostStack> {
  @Override
  protected Secret desired(LlmCostStack stack, Context<LlmCostStack> context) {
    return StackResources.postgresSecret(
        stack,
        StackResources.existingValue(
            context.getClient(),
            stack,
            StackResources.postgresName(stack),
            StackResources.PASSWORD_KEY));
  }
}
