package io.llmcost.actions;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.resilience4j.core.IntervalFunction;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Sends threshold notices: Slack incoming webhooks (a readable message with fields and a link) and
 * generic webhooks (the notice as JSON, signed with {@code X-Signature: sha256=<hex HMAC>} of the
 * body when a secret is given). Each send retries with exponential backoff on network errors, 429
 * and 5xx; other answers fail at once.
 */
public final class Notifier {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final HttpClient http;
  private final RetryConfig retry;
  private final Duration timeout;

  public Notifier(int attempts, Duration firstBackoff) {
    this(attempts, firstBackoff, Duration.ofSeconds(10));
  }

  /**
   * @param timeout how long one attempt may take before it counts as failed (and is retried)
   */
  public Notifier(int attempts, Duration firstBackoff, Duration timeout) {
    this.timeout = timeout;
    this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    this.retry =
        RetryConfig.custom()
            .maxAttempts(attempts)
            .intervalFunction(IntervalFunction.ofExponentialBackoff(firstBackoff, 2.0))
            .retryOnException(e -> e instanceof IOException || e instanceof RetryableStatus)
            .build();
  }

  /** A failed delivery, with what the endpoint answered. */
  public static class DeliveryException extends Exception {
    DeliveryException(String message, Throwable cause) {
      super(message, cause);
    }
  }

  private static final class RetryableStatus extends IOException {
    RetryableStatus(String message) {
      super(message);
    }
  }

  public void slack(String webhookUrl, BudgetNotice n) throws DeliveryException {
    ObjectNode body = JSON.createObjectNode();
    String title =
        (n.dryRun() ? "[DryRun] " : "")
            + "LLM budget "
            + n.namespace()
            + "/"
            + n.budget()
            + " reached "
            + n.percent()
            + "%";
    body.put("text", title + ": " + n.what());
    ArrayNode blocks = body.putArray("blocks");
    blocks
        .addObject()
        .put("type", "header")
        .putObject("text")
        .put("type", "plain_text")
        .put("text", title);
    blocks
        .addObject()
        .put("type", "section")
        .putObject("text")
        .put("type", "mrkdwn")
        .put("text", n.what());
    ObjectNode fields = blocks.addObject().put("type", "section");
    ArrayNode list = fields.putArray("fields");
    field(list, "Spent", "$" + n.spent() + " (" + n.utilizationPercent() + "%)");
    field(list, "Limit", "$" + n.limit());
    field(list, "Forecast", "$" + n.forecast());
    field(list, "Period", n.periodStart() + " → " + n.periodEnd());
    if (n.link() != null) {
      field(list, "Details", "<" + n.link() + "|cost breakdown>");
    }
    post(webhookUrl, body.toString(), null);
  }

  private static void field(ArrayNode list, String name, String value) {
    list.addObject().put("type", "mrkdwn").put("text", "*" + name + "*\n" + value);
  }

  public void webhook(String url, String hmacSecret, BudgetNotice n) throws DeliveryException {
    ObjectNode body = JSON.valueToTree(n);
    body.put("kind", "LlmBudgetThreshold");
    body.put("summary", n.summary());
    post(url, body.toString(), hmacSecret);
  }

  /** {@code sha256=} and the hex HMAC-SHA256 of the body. */
  public static String signature(String secret, String body) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      return "sha256="
          + HexFormat.of().formatHex(mac.doFinal(body.getBytes(StandardCharsets.UTF_8)));
    } catch (java.security.GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  private void post(String url, String body, String hmacSecret) throws DeliveryException {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(url))
            .timeout(timeout)
            .header("Content-Type", "application/json")
            .header("User-Agent", "llm-cost-operator")
            .POST(HttpRequest.BodyPublishers.ofString(body));
    if (hmacSecret != null) {
      request.header("X-Signature", signature(hmacSecret, body));
    }
    HttpRequest built = request.build();
    Retry attempts = Retry.of("notify", retry);
    try {
      attempts.executeCheckedSupplier(
          () -> {
            HttpResponse<String> response = http.send(built, HttpResponse.BodyHandlers.ofString());
            int status = response.statusCode();
            if (status == 429 || status >= 500) {
              throw new RetryableStatus("HTTP " + status);
            }
            if (status >= 300) {
              throw new IllegalStateException(
                  "HTTP " + status + ": " + abbreviate(response.body()));
            }
            return status;
          });
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new DeliveryException("interrupted", e);
    } catch (Throwable e) {
      throw new DeliveryException(
          String.valueOf(e.getMessage())
              + " after "
              + attempts.getMetrics().getNumberOfTotalCalls()
              + " attempt(s)",
          e);
    }
  }

  private static String abbreviate(String s) {
    return s == null || s.length() <= 200 ? s : s.substring(0, 200) + "…";
  }
}
