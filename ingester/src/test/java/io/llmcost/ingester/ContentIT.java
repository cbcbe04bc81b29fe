package io.llmcost.ingester;

import static io.llmcost.ingest.OtlpSpans.attr;
import static io.llmcost.ingest.OtlpSpans.chat;
import static io.llmcost.ingest.OtlpSpans.request;
import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import java.time.Instant;
import java.util.List;
import okhttp3.Response;
import org.junit.jupiter.api.Test;

/** Prompt and response text: absent from the ledger by default, redacted when stored. */
class ContentIT {
  private static final ExportTraceServiceRequest WITH_CONTENT =
      request(
          List.of(attr("k8s.namespace.name", "content")),
          chat(Instant.now(), "gpt-4o", 10, 10)
              .addAttributes(
                  attr(
                      "gen_ai.prompt.0.content",
                      "Hi, I'm ann@example.org, card 4111 1111 1111 1111"))
              .addAttributes(
                  attr("gen_ai.completion.0.content", "Noted, call me on +44 20 7946 0958")));

  private static void send(TestIngester ingester) throws Exception {
    try (Response r = ingester.postOtlp(WITH_CONTENT)) {
      assertThat(r.code()).isEqualTo(200);
    }
  }

  @Test
  void contentIsNotStoredByDefault() throws Exception {
    try (TestIngester ingester = TestIngester.start(c -> c)) {
      send(ingester);
      assertThat(
              ingester.query(
                  "SELECT coalesce(prompt, 'none') || coalesce(response, 'none') FROM llm_calls"))
          .isEqualTo("nonenone");
      assertThat(ingester.query("SELECT attributes::text FROM llm_calls"))
          .doesNotContain("ann@example.org");
    }
  }

  @Test
  void storedContentIsRedacted() throws Exception {
    try (TestIngester ingester = TestIngester.start(c -> c.withStoreContent(true))) {
      send(ingester);
      assertThat(ingester.query("SELECT prompt FROM llm_calls"))
          .isEqualTo("Hi, I'm [REDACTED_EMAIL], card [REDACTED_CARD]");
      assertThat(ingester.query("SELECT response FROM llm_calls"))
          .isEqualTo("Noted, call me on [REDACTED_PHONE]");
    }
  }
}
