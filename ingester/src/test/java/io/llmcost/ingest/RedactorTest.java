package io.llmcost.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RedactorTest {

  @Test
  void emailAddresses() {
    assertThat(Redactor.redact("write to jane.doe+llm@example.co.uk today"))
        .isEqualTo("write to [REDACTED_EMAIL] today");
  }

  @Test
  void cardNumbersThatPassLuhnButNotOtherLongNumbers() {
    // 4111 1111 1111 1111 is the classic Visa test number (passes Luhn)
    assertThat(Redactor.redact("card 4111 1111 1111 1111 exp 12/29"))
        .isEqualTo("card [REDACTED_CARD] exp 12/29");
    assertThat(Redactor.redact("card 4111-1111-1111-1111")).isEqualTo("card [REDACTED_CARD]");
    assertThat(Redactor.passesLuhn("4111111111111112")).isFalse();
    // an order id of 20 digits is neither a card nor a phone number
    assertThat(Redactor.redact("order 12345678901234567890"))
        .isEqualTo("order 12345678901234567890");
  }

  @Test
  void phoneNumbers() {
    assertThat(Redactor.redact("call +49 30 1234567 or (555) 123-4567"))
        .isEqualTo("call [REDACTED_PHONE] or [REDACTED_PHONE]");
    assertThat(Redactor.redact("in 2026 we sold 1234 units"))
        .isEqualTo("in 2026 we sold 1234 units");
  }

  @Test
  void apiKeysAndBearerTokens() {
    assertThat(Redactor.redact("key sk-proj-abcdefghijklmnop1234 ok"))
        .isEqualTo("key [REDACTED_API_KEY] ok");
    assertThat(Redactor.redact("sk-ant-api03-AAAAAAAAAAAAAAAAAAAAAAAA"))
        .isEqualTo("[REDACTED_API_KEY]");
    assertThat(Redactor.redact("aws AKIAIOSFODNN7EXAMPLE here"))
        .isEqualTo("aws [REDACTED_API_KEY] here");
    assertThat(Redactor.redact("Authorization: Bearer eyJhbGciOiJIUzI1NiJ9.payload.sig"))
        .isEqualTo("Authorization: Bearer [REDACTED_TOKEN]");
    assertThat(Redactor.redact("ghp_abcdefghijklmnopqrstuvwxyz0123456789"))
        .isEqualTo("[REDACTED_API_KEY]");
  }

  @Test
  void ordinaryTextIsUntouched() {
    String text = "Summarize the Q3 report in 3 bullet points, please.";
    assertThat(Redactor.redact(text)).isEqualTo(text);
  }
}
