package io.llmcost.api;

import io.llmcost.ledger.CostDimension;
import io.llmcost.ledger.CostQuery;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Deque;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Reads the cost endpoints' query parameters: from, to (RFC 3339 times or dates, UTC midnight),
 * groupBy (comma-separated dimensions) and one exact-match filter per dimension. Defaults: the
 * current UTC calendar month. Anything else is refused naming the parameter.
 */
final class CostQueryParameters {
  static final String FROM = "from";
  static final String TO = "to";
  static final String GROUP_BY = "groupBy";

  /** Every parameter the cost endpoints take (the OpenAPI document lists the same). */
  static Set<String> names() {
    Set<String> names = new TreeSet<>(List.of(FROM, TO, GROUP_BY));
    for (CostDimension d : CostDimension.values()) {
      names.add(d.wireName());
    }
    return names;
  }

  private CostQueryParameters() {}

  static CostQuery parse(Map<String, Deque<String>> params, Clock clock) {
    for (String name : params.keySet()) {
      if (!names().contains(name)) {
        throw new ApiException(
            400, name, "unknown parameter \"" + name + "\"; known: " + String.join(", ", names()));
      }
    }
    LocalDate today = LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
    Instant from =
        time(params, FROM, today.withDayOfMonth(1).atStartOfDay(ZoneOffset.UTC).toInstant());
    Instant to =
        time(
            params,
            TO,
            today.withDayOfMonth(1).plusMonths(1).atStartOfDay(ZoneOffset.UTC).toInstant());
    if (!from.isBefore(to)) {
      throw new ApiException(400, FROM, "from (" + from + ") must be before to (" + to + ")");
    }
    List<CostDimension> groupBy = new ArrayList<>();
    String groups = single(params, GROUP_BY);
    if (groups != null && !groups.isBlank()) {
      for (String part : groups.split(",")) {
        String name = part.trim();
        CostDimension d =
            CostDimension.fromWireName(name)
                .orElseThrow(
                    () ->
                        new ApiException(
                            400,
                            GROUP_BY,
                            "cannot group by \""
                                + name
                                + "\"; use model, namespace, application, user or provider"));
        if (groupBy.contains(d)) {
          throw new ApiException(400, GROUP_BY, "groupBy lists \"" + name + "\" twice");
        }
        groupBy.add(d);
      }
    }
    Map<CostDimension, String> filters = new EnumMap<>(CostDimension.class);
    for (CostDimension d : CostDimension.values()) {
      String value = single(params, d.wireName());
      if (value != null) {
        filters.put(d, value);
      }
    }
    return new CostQuery(from, to, groupBy, filters);
  }

  private static String single(Map<String, Deque<String>> params, String name) {
    Deque<String> values = params.get(name);
    if (values == null || values.isEmpty()) {
      return null;
    }
    if (values.size() > 1) {
      throw new ApiException(
          400, name, name + " is given " + values.size() + " times; give it once");
    }
    String value = values.getFirst();
    if (value.indexOf(0) >= 0) {
      throw new ApiException(400, name, name + " contains a NUL character");
    }
    if (value.length() > 256) {
      throw new ApiException(400, name, name + " is longer than 256 characters");
    }
    return value;
  }

  private static Instant time(Map<String, Deque<String>> params, String name, Instant fallback) {
    String text = single(params, name);
    if (text == null) {
      return fallback;
    }
    try {
      if (text.length() == 10) {
        return LocalDate.parse(text).atStartOfDay(ZoneOffset.UTC).toInstant();
      }
      return OffsetDateTime.parse(text).toInstant();
    } catch (DateTimeParseException e) {
      throw new ApiException(
          400,
          name,
          name
              + " must be an RFC 3339 time such as 2026-11-01T00:00:00Z or a date such as"
              + " 2026-11-01, got \""
              + text
              + "\"");
    }
  }
}
