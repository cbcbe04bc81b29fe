package io.llmcost.reconcilers.stack;

import io.fabric8.kubernetes.api.model.Secret;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.CRUDKubernetesDependentResource;
import io.llmcost.model.stack.LlmCostStack;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;

/** The managed PostgreSQL's credentials, generated once and then kept. */
public class PostgresSecretDependent extends CRUDKubernetesDependentResource<Secret, LlmCostStack> {
  @Override
  protected Secret desired(LlmCostStack stack, Context<LlmCostStack> context) {
    // Read directly (looking the secondary up by its desired id would call desired() again).
    Secret current =
        context
            .getClient()
            .secrets()
            .inNamespace(stack.getMetadata().getNamespace())
            .withName(StackResources.postgresName(stack))
            .get();
    String existing =
        Optional.ofNullable(current)
            .map(s -> s.getData() == null ? null : s.getData().get(StackResources.PASSWORD_KEY))
            .map(v -> new String(Base64.getDecoder().decode(v), StandardCharsets.UTF_8))
            .orElse(null);
    return StackResources.postgresSecret(stack, existing);
  }
}
