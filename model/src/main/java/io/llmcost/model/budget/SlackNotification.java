package io.llmcost.model.budget;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.fabric8.generator.annotation.Required;
import io.llmcost.model.common.SecretKeyReference;

/** A Slack incoming webhook whose URL is kept in a Secret. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class SlackNotification {
  @Required private SecretKeyReference webhookSecretRef;

  public SecretKeyReference getWebhookSecretRef() {
    return webhookSecretRef;
  }

  public void setWebhookSecretRef(SecretKeyReference webhookSecretRef) {
    this.webhookSecretRef = webhookSecretRef;
  }
}
