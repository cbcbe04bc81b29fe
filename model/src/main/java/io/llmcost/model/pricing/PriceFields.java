package io.llmcost.model.pricing;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.fabric8.generator.annotation.Pattern;
import io.llmcost.model.ApiConstants;

/**
 * The per-token prices a tier can set, each a decimal string in USD per 1M tokens. A field left out
 * falls back as the cost formula says (cacheRead → input, cacheWrite → input, reasoning → output).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class PriceFields {
  @Pattern(ApiConstants.PRICE_PATTERN)
  private String input;

  @Pattern(ApiConstants.PRICE_PATTERN)
  private String output;

  @Pattern(ApiConstants.PRICE_PATTERN)
  private String cacheRead;

  /** Five-minute cache writes. */
  @Pattern(ApiConstants.PRICE_PATTERN)
  private String cacheWrite;

  /** One-hour cache writes. */
  @Pattern(ApiConstants.PRICE_PATTERN)
  private String cacheWrite1h;

  /** Reasoning output tokens; defaults to the output price. */
  @Pattern(ApiConstants.PRICE_PATTERN)
  private String reasoning;

  public String getInput() {
    return input;
  }

  public void setInput(String input) {
    this.input = input;
  }

  public String getOutput() {
    return output;
  }

  public void setOutput(String output) {
    this.output = output;
  }

  public String getCacheRead() {
    return cacheRead;
  }

  public void setCacheRead(String cacheRead) {
    this.cacheRead = cacheRead;
  }

  public String getCacheWrite() {
    return cacheWrite;
  }

  public void setCacheWrite(String cacheWrite) {
    this.cacheWrite = cacheWrite;
  }

  public String getCacheWrite1h() {
    return cacheWrite1h;
  }

  public void setCacheWrite1h(String cacheWrite1h) {
    this.cacheWrite1h = cacheWrite1h;
  }

  public String getReasoning() {
    return reasoning;
  }

  public void setReasoning(String reasoning) {
    this.reasoning = reasoning;
  }
}
