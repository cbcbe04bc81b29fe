package io.llmcost.model;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.regex.Pattern;

/**
 * USD amounts as the product stores them: BigDecimal at nano-dollar scale (9 decimals), rounded
 * HALF_EVEN, written as plain decimal strings. Never a float.
 */
public final class Money {
  public static final int SCALE = 9;
  public static final BigDecimal ZERO = BigDecimal.ZERO.setScale(SCALE);

  private static final Pattern MONEY = Pattern.compile(ApiConstants.MONEY_PATTERN);
  private static final Pattern PRICE = Pattern.compile(ApiConstants.PRICE_PATTERN);

  private Money() {}

  /** Rounds to nano-USD, HALF_EVEN. */
  public static BigDecimal nanos(BigDecimal amount) {
    return amount.setScale(SCALE, RoundingMode.HALF_EVEN);
  }

  /**
   * Parses an amount in USD such as a budget limit; rejects anything but a non-negative decimal.
   */
  public static BigDecimal parseAmount(String text, String field) {
    return parse(text, field, MONEY, "a non-negative decimal string in USD such as \"500.00\"");
  }

  /** Parses a price in USD per 1M tokens; rejects anything but a non-negative decimal. */
  public static BigDecimal parsePrice(String text, String field) {
    return parse(text, field, PRICE, "a non-negative decimal string in USD per 1M tokens");
  }

  /** The canonical API form of an amount: nine decimals, plain notation. */
  public static String format(BigDecimal amount) {
    return nanos(amount).toPlainString();
  }

  /** The shortest exact plain form of a decimal: 2.500 → "2.5", 1E+1 → "10". */
  public static String formatShortest(BigDecimal value) {
    BigDecimal stripped = value.stripTrailingZeros();
    if (stripped.scale() < 0) {
      stripped = stripped.setScale(0);
    }
    return stripped.toPlainString();
  }

  private static BigDecimal parse(String text, String field, Pattern pattern, String expected) {
    if (text == null || !pattern.matcher(text).matches()) {
      throw new IllegalArgumentException(field + " must be " + expected + ", got " + quote(text));
    }
    return new BigDecimal(text);
  }

  private static String quote(String text) {
    return text == null ? "nothing" : "\"" + text + "\"";
  }
}
