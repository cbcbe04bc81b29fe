package io.llmcost.model.budget;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.fabric8.generator.annotation.ValidationRule;

/** One notification channel: exactly one of slack or webhook. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(
    value = "has(self.slack) != has(self.webhook)",
    message = "each notification names exactly one channel: slack or webhook")
public class Notification {
  private SlackNotification slack;
  private WebhookNotification webhook;

  public SlackNotification getSlack() {
    return slack;
  }

  public void setSlack(SlackNotification slack) {
    this.slack = slack;
  }

  public WebhookNotification getWebhook() {
    return webhook;
  }

  public void setWebhook(WebhookNotification webhook) {
    this.webhook = webhook;
  }
}
