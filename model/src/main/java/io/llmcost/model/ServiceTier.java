package io.llmcost.model;

import java.util.Locale;

/** The provider's processing tier of a call; each may carry its own prices. */
public enum ServiceTier {
  STANDARD,
  BATCH,
  PRIORITY,
  FLEX;

  /**
   * Reads a tier as spans report it ({@code batch}, {@code priority}, {@code flex}); anything else,
   * including OpenAI's {@code default} and {@code auto}, is the standard tier.
   */
  public static ServiceTier fromAttribute(String value) {
    if (value == null) {
      return STANDARD;
    }
    return switch (value.trim().toLowerCase(Locale.ROOT)) {
      case "batch" -> BATCH;
      case "priority" -> PRIORITY;
      case "flex" -> FLEX;
      default -> STANDARD;
    };
  }

  /** The lower-case name used in the ledger and the API. */
  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }
}
