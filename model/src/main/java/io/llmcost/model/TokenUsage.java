package io.llmcost.model;

/**
 * Token counts of one call, as GenAI semantic conventions define them: {@code input} includes
 * cached tokens and {@code output} includes reasoning tokens.
 *
 * @param cacheWriteOneHour whether cache writes used the one-hour TTL (priced as cacheWrite1h)
 */
public record TokenUsage(
    long input,
    long output,
    long cacheRead,
    long cacheWrite,
    long reasoning,
    ServiceTier serviceTier,
    boolean cacheWriteOneHour) {

  public TokenUsage {
    requireNonNegative(input, "input");
    requireNonNegative(output, "output");
    requireNonNegative(cacheRead, "cacheRead");
    requireNonNegative(cacheWrite, "cacheWrite");
    requireNonNegative(reasoning, "reasoning");
    if (serviceTier == null) {
      serviceTier = ServiceTier.STANDARD;
    }
  }

  /** Plain input and output tokens on the standard tier. */
  public static TokenUsage of(long input, long output) {
    return new TokenUsage(input, output, 0, 0, 0, ServiceTier.STANDARD, false);
  }

  /**
   * Makes counts consistent: some providers (Anthropic) report input without the cached tokens, so
   * input is raised to at least cacheRead + cacheWrite; likewise output to at least reasoning.
   */
  public TokenUsage normalized() {
    long normalizedInput = Math.max(input, Math.addExact(cacheRead, cacheWrite));
    long normalizedOutput = Math.max(output, reasoning);
    if (normalizedInput == input && normalizedOutput == output) {
      return this;
    }
    return new TokenUsage(
        normalizedInput,
        normalizedOutput,
        cacheRead,
        cacheWrite,
        reasoning,
        serviceTier,
        cacheWriteOneHour);
  }

  /** Input tokens that were neither read from nor written to a cache. */
  public long uncachedInput() {
    return input - cacheRead - cacheWrite;
  }

  private static void requireNonNegative(long value, String name) {
    if (value < 0) {
      throw new IllegalArgumentException(name + " tokens must not be negative, got " + value);
    }
  }
}
