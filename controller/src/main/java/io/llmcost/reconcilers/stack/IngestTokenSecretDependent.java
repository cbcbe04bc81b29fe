package io.llmcost.reconcilers.stack;

import io.fabric8.kubernetes.api.model.Secret;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.CRUDKubernetesDependentResource;
import io.llmcost.model.stack.LlmCostStack;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;

/** The bearer token collector and ingester share, generated once when no Secret is referenced. */
public class IngestTokenSecretDependent
    extends CRUDKubernetesDependentResource<Secret, LlmCostStack> {
  @Override
  protected Secret desired(LlmCostStack stack, Context<LlmCostStack> context) {
    // Read directly (looking the secondary up by its desired id would call desired() again).
    Secret current =
        context
            .getClient()
            .secrets()
            .inNamespace(stack.getMetadata().getNamespace())
            .withName(StackResources.tokenSecretName(stack))
            .get();
    String existing =
        Optional.ofNullable(current)
            .map(s -> s.getData() == null ? null : s.getData().get(StackResources.TOKEN_KEY))
            .map(v -> new String(Base64.getDecoder().decode(v), StandardCharsets.UTF_8))
            .orElse(null);
    return StackResources.tokenSecret(stack, existing);
  }
}
