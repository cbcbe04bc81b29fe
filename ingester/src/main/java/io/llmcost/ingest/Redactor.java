package io.llmcost.ingest;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Removes personal data and secrets from prompt and response text before it is stored: API-key like
 * tokens (sk-…, AKIA…, GitHub, Slack and Google keys), bearer tokens, e-mail addresses, card
 * numbers that pass the Luhn check, and phone numbers.
 */
public final class Redactor {
  private static final Pattern API_KEY =
      Pattern.compile(
          "\\b(?:sk-(?:proj-|ant-(?:api\\d\\d-)?)?[A-Za-z0-9_-]{16,}"
              + "|AKIA[0-9A-Z]{16}"
              + "|(?:ghp|gho|ghs|ghu|github_pat)_[A-Za-z0-9_]{20,}"
              + "|xox[abprs]-[A-Za-z0-9-]{10,}"
              + "|AIza[0-9A-Za-z_-]{35})");
  private static final Pattern BEARER = Pattern.compile("(?i)\\bbearer\\s+[A-Za-z0-9._~+/=-]{8,}");
  private static final Pattern EMAIL =
      Pattern.compile("[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\\.[A-Za-z0-9-]+)*\\.[A-Za-z]{2,}");
  private static final Pattern CARD_CANDIDATE =
      Pattern.compile("(?<!\\d)\\d(?:[ -]?\\d){12,18}(?!\\d)");
  private static final Pattern PHONE =
      Pattern.compile("(?<![\\w+])\\+?\\(?\\d[\\d ().-]{6,}\\d(?!\\w)");

  static final String API_KEY_MARK = "[REDACTED_API_KEY]";
  static final String TOKEN_MARK = "Bearer [REDACTED_TOKEN]";
  static final String EMAIL_MARK = "[REDACTED_EMAIL]";
  static final String CARD_MARK = "[REDACTED_CARD]";
  static final String PHONE_MARK = "[REDACTED_PHONE]";

  private Redactor() {}

  public static String redact(String text) {
    if (text == null || text.isEmpty()) {
      return text;
    }
    String out = API_KEY.matcher(text).replaceAll(Matcher.quoteReplacement(API_KEY_MARK));
    out = BEARER.matcher(out).replaceAll(Matcher.quoteReplacement(TOKEN_MARK));
    out = EMAIL.matcher(out).replaceAll(Matcher.quoteReplacement(EMAIL_MARK));
    out =
        CARD_CANDIDATE
            .matcher(out)
            .replaceAll(
                m ->
                    Matcher.quoteReplacement(
                        passesLuhn(m.group().replaceAll("[ -]", "")) ? CARD_MARK : m.group()));
    out =
        PHONE
            .matcher(out)
            .replaceAll(
                m ->
                    Matcher.quoteReplacement(
                        digits(m.group()) >= 8 && digits(m.group()) <= 15
                            ? PHONE_MARK
                            : m.group()));
    return out;
  }

  static boolean passesLuhn(String digits) {
    int sum = 0;
    boolean doubleIt = false;
    for (int i = digits.length() - 1; i >= 0; i--) {
      int d = digits.charAt(i) - '0';
      if (doubleIt) {
        d *= 2;
        if (d > 9) {
          d -= 9;
        }
      }
      sum += d;
      doubleIt = !doubleIt;
    }
    return sum % 10 == 0;
  }

  private static int digits(String s) {
    int n = 0;
    for (int i = 0; i < s.length(); i++) {
      if (Character.isDigit(s.charAt(i))) {
        n++;
      }
    }
    return n;
  }
}
