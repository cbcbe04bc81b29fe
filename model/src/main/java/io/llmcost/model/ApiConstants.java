package io.llmcost.model;

/** Names shared by the resource classes and their validation rules. */
public final class ApiConstants {
  public static final String GROUP = "llmcost.io";
  public static final String VERSION = "v1alpha1";
  public static final String CATEGORY = "llmcost";

  /**
   * A non-negative decimal in USD, at most nano-dollar precision: "500", "0.25", "12.345678901".
   */
  public static final String MONEY_PATTERN = "^(0|[1-9][0-9]{0,14})(\\.[0-9]{1,9})?$";

  /** A non-negative decimal price in USD per 1M tokens, up to 12 decimals: "2.5", "0.075". */
  public static final String PRICE_PATTERN = "^(0|[1-9][0-9]{0,8})(\\.[0-9]{1,12})?$";

  /** An RFC 3339 timestamp with an explicit offset, as Kubernetes writes them. */
  public static final String TIMESTAMP_PATTERN =
      "^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(\\.[0-9]{1,9})?(Z|[+-][0-9]{2}:[0-9]{2})$";

  private ApiConstants() {}
}
