package io.llmcost.ingest;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/** The shared token clients present as {@code Authorization: Bearer <token>}. */
public final class BearerToken {
  private final byte[] expected;

  public BearerToken(String token) {
    if (token == null || token.isBlank()) {
      throw new IllegalArgumentException("the auth token is empty");
    }
    this.expected = ("Bearer " + token.strip()).getBytes(StandardCharsets.UTF_8);
  }

  /** Whether an Authorization header value carries the token (compared in constant time). */
  public boolean accepts(String authorizationHeader) {
    if (authorizationHeader == null) {
      return false;
    }
    return MessageDigest.isEqual(
        expected, authorizationHeader.strip().getBytes(StandardCharsets.UTF_8));
  }
}
