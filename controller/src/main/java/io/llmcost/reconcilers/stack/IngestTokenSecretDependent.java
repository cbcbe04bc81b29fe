package io.llmcost.reconcilers.stack;

import io.fabric8.kubernetes.api.model.Secret;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.CRUDKubernetesDependentResource;
import io.llmcost.model.stack.LlmCostStack;

/** The bearer token collector and ingester share, generated once when no Secret is referenced. */
public class IngestTokenSecretDependent
    extends CRUDKubernetesDependentResource<Secret, LlmCostStack> {
  @Override
  protected Secret desired(LlmCostStack stack, Context<LlmCostStack> context) {
    return StackResources.tokenSecret(
        stack,
        StackResources.existingValue(
            context.getClient(),
            stack,
            StackResources.tokenSecretName(stack),
            StackResources.TOKEN_KEY));
  }
}
