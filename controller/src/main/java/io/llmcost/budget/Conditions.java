package io.llmcost.budget;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ConditionBuilder;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Kubernetes conditions built the conventional way: a transition time that only moves when the
 * status flips, and the generation the condition was computed for.
 */
public final class Conditions {
  public static final String READY = "Ready";
  public static final String THRESHOLD_EXCEEDED = "ThresholdExceeded";
  public static final String PRICING_RESOLVED = "PricingResolved";
  public static final String NOTIFICATIONS_DELIVERED = "NotificationsDelivered";
  public static final String CONFLICT = "Conflict";

  private Conditions() {}

  /**
   * A condition; {@code lastTransitionTime} is kept from {@code previous} if status is unchanged.
   */
  public static Condition of(
      List<Condition> previous,
      String type,
      boolean status,
      String reason,
      String message,
      Long generation,
      Instant now) {
    String value = status ? "True" : "False";
    String since = now.toString();
    if (previous != null) {
      for (Condition old : previous) {
        if (type.equals(old.getType())
            && value.equals(old.getStatus())
            && old.getLastTransitionTime() != null) {
          since = old.getLastTransitionTime();
        }
      }
    }
    return new ConditionBuilder()
        .withType(type)
        .withStatus(value)
        .withReason(reason)
        .withMessage(message)
        .withObservedGeneration(generation)
        .withLastTransitionTime(since)
        .build();
  }

  /** The condition of a type, or null. */
  public static Condition find(List<Condition> conditions, String type) {
    if (conditions == null) {
      return null;
    }
    for (Condition c : conditions) {
      if (Objects.equals(c.getType(), type)) {
        return c;
      }
    }
    return null;
  }

  public static List<Condition> list(Condition... conditions) {
    return new ArrayList<>(List.of(conditions));
  }
}
