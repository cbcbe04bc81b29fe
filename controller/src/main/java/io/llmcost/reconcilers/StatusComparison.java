package io.llmcost.reconcilers;

import com.fasterxml.jackson.databind.ObjectMapper;

/** Status comparison by content, so unchanged statuses are not written. */
public final class StatusComparison {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private StatusComparison() {}

  public static boolean same(Object a, Object b) {
    return MAPPER.valueToTree(a).equals(MAPPER.valueToTree(b));
  }
}
