package io.llmcost.actions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Notifications against okhttp's MockWebServer: payloads, signatures, retries. */
class NotifierTest {
  static final BudgetNotice NOTICE =
      new BudgetNotice(
          "search",
          "search-team",
          90,
          "SwapModel",
          false,
          "452.10",
          "500.00",
          "90.42",
          "530.10",
          "2026-11-01T00:00:00+01:00",
          "2026-12-01T00:00:00+01:00",
          "gpt-4o is swapped for gpt-4o-mini",
          "http://llm-cost:8080/api/v1/costs/summary?namespace=search");
  private static final ObjectMapper JSON = new ObjectMapper();

  private MockWebServer server;
  private final Notifier notifier = new Notifier(3, Duration.ofMillis(10));

  @BeforeEach
  void start() throws Exception {
    server = new MockWebServer();
    server.start();
  }

  @AfterEach
  void stop() throws Exception {
    server.shutdown();
  }

  @Test
  void slackGetsAReadableMessageWithFieldsAndALink() throws Exception {
    server.enqueue(new MockResponse().setResponseCode(200).setBody("ok"));
    notifier.slack(server.url("/services/T0/B0/X").toString(), NOTICE);
    RecordedRequest request = server.takeRequest();
    assertThat(request.getPath()).isEqualTo("/services/T0/B0/X");
    JsonNode body = JSON.readTree(request.getBody().readUtf8());
    assertThat(body.get("text").asText())
        .isEqualTo("LLM budget search/search-team reached 90%: gpt-4o is swapped for gpt-4o-mini");
    String fields = body.get("blocks").get(2).get("fields").toString();
    assertThat(fields)
        .contains("*Spent*\\n$452.10 (90.42%)")
        .contains("*Limit*\\n$500.00")
        .contains("*Forecast*\\n$530.10")
        .contains("<http://llm-cost:8080/api/v1/costs/summary?namespace=search|cost breakdown>");
  }

  @Test
  void webhooksCarryJsonAndAVerifiableHmacSignature() throws Exception {
    server.enqueue(new MockResponse().setResponseCode(204));
    notifier.webhook(server.url("/hook").toString(), "topsecret", NOTICE);
    RecordedRequest request = server.takeRequest();
    String body = request.getBody().readUtf8();
    assertThat(request.getHeader("X-Signature")).isEqualTo(Notifier.signature("topsecret", body));
    assertThat(request.getHeader("X-Signature")).matches("sha256=[0-9a-f]{64}");
    JsonNode json = JSON.readTree(body);
    assertThat(json.get("budget").asText()).isEqualTo("search-team");
    assertThat(json.get("spent").asText()).isEqualTo("452.10"); // money as a decimal string
    assertThat(json.get("kind").asText()).isEqualTo("LlmBudgetThreshold");
    // a known vector: HMAC-SHA256("key", "The quick brown fox jumps over the lazy dog")
    assertThat(Notifier.signature("key", "The quick brown fox jumps over the lazy dog"))
        .isEqualTo("sha256=f7bc83f430538424b13298e6aa6fb143ef4d59a14946175997479dbc2d1a3cd8");
  }

  @Test
  void serverErrorsAreRetriedWithBackoff() throws Exception {
    server.enqueue(new MockResponse().setResponseCode(503));
    server.enqueue(new MockResponse().setResponseCode(500));
    server.enqueue(new MockResponse().setResponseCode(200));
    notifier.webhook(server.url("/hook").toString(), null, NOTICE);
    assertThat(server.getRequestCount()).isEqualTo(3);
  }

  @Test
  void clientErrorsFailAtOnceAndPersistentErrorsFailAfterTheLastAttempt() {
    server.enqueue(new MockResponse().setResponseCode(404).setBody("no such hook"));
    assertThatThrownBy(() -> notifier.webhook(server.url("/gone").toString(), null, NOTICE))
        .isInstanceOf(Notifier.DeliveryException.class)
        .hasMessageContaining("HTTP 404: no such hook");
    assertThat(server.getRequestCount()).isEqualTo(1);
    for (int i = 0; i < 3; i++) {
      server.enqueue(new MockResponse().setResponseCode(502));
    }
    assertThatThrownBy(() -> notifier.slack(server.url("/down").toString(), NOTICE))
        .isInstanceOf(Notifier.DeliveryException.class)
        .hasMessageContaining("HTTP 502");
    assertThat(server.getRequestCount()).isEqualTo(4);
  }

  @Test
  void aSlowEndpointTimesOutAndIsRetried() throws Exception {
    Notifier impatient = new Notifier(3, Duration.ofMillis(10), Duration.ofMillis(300));
    server.enqueue(
        new MockResponse()
            .setResponseCode(200)
            .setHeadersDelay(2, java.util.concurrent.TimeUnit.SECONDS));
    server.enqueue(new MockResponse().setResponseCode(200));
    impatient.webhook(server.url("/slow").toString(), null, NOTICE);
    assertThat(server.getRequestCount()).isEqualTo(2); // the slow attempt, then a quick one

    for (int i = 0; i < 3; i++) {
      server.enqueue(
          new MockResponse()
              .setResponseCode(200)
              .setHeadersDelay(2, java.util.concurrent.TimeUnit.SECONDS));
    }
    assertThatThrownBy(() -> impatient.slack(server.url("/always-slow").toString(), NOTICE))
        .isInstanceOf(Notifier.DeliveryException.class)
        .hasMessageContaining("after 3 attempt(s)");
  }
}
