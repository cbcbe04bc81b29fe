package io.llmcost.pricing;

/** A price catalog that cannot be used as written; the message says which field and why. */
public class PricingException extends IllegalArgumentException {
  public PricingException(String message) {
    super(message);
  }

  public PricingException(String message, Throwable cause) {
    super(message, cause);
  }
}
