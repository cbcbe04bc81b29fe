package io.llmcost.model;

import java.util.regex.Pattern;

/** Shell-style globs as budget selectors write them: {@code *} any run, {@code ?} one character. */
public final class Globs {
  private Globs() {}

  public static boolean matches(String glob, String value) {
    StringBuilder regex = new StringBuilder();
    for (char c : glob.toCharArray()) {
      switch (c) {
        case '*' -> regex.append(".*");
        case '?' -> regex.append('.');
        default -> regex.append(Pattern.quote(String.valueOf(c)));
      }
    }
    return value != null && value.matches(regex.toString());
  }
}
