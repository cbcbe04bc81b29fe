package io.llmcost.model.budget;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.llmcost.model.common.SecretKeyReference;

/** A generic JSON webhook, optionally signed with HMAC-SHA256 in the X-Signature header. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class WebhookNotification {
  @Required
  @Pattern("^https?://[^\\s]+$")
  private String url;

  private SecretKeyReference hmacSecretRef;

  public String getUrl() {
    return url;
  }

  public void setUrl(String url) {
    this.url = url;
  }

  public SecretKeyReference getHmacSecretRef() {
    return hmacSecretRef;
  }

  public void setHmacSecretRef(SecretKeyReference hmacSecretRef) {
    this.hmacSecretRef = hmacSecretRef;
  }
}
