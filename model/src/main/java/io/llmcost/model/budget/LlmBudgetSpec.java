package io.llmcost.model.budget;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import io.llmcost.model.ApiConstants;
import io.llmcost.model.Money;
import java.math.BigDecimal;
import java.util.List;

/** A spend limit over a period for a set of calls, with a threshold ladder. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({
  "limit",
  "period",
  "timezone",
  "selector",
  "enforcement",
  "thresholds",
  "routing",
  "notifications"
})
@ValidationRule(
    value =
        "!has(self.thresholds) || !self.thresholds.exists(t, t.action == 'SwapModel' || t.action"
            + " == 'Block') || has(self.routing)",
    message = "spec.routing is required when a threshold uses SwapModel or Block")
public class LlmBudgetSpec {
  /** The limit in USD, as a decimal string such as "500.00". */
  @Required
  @Pattern(ApiConstants.MONEY_PATTERN)
  private String limit;

  @Required private BudgetPeriod period;

  /** IANA time zone; window boundaries are local midnights. */
  @Default("UTC")
  @Pattern("^[A-Za-z][A-Za-z0-9_+-]*(/[A-Za-z0-9_+-]+)*$")
  private String timezone;

  private BudgetSelector selector;

  @Default("Enforce")
  private EnforcementMode enforcement;

  @Size(max = 20)
  @ValidationRule(
      value =
          "self.map(t, t.percent).isSorted() && self.all(a, self.exists_one(b, b.percent =="
              + " a.percent))",
      message = "thresholds must be listed in strictly ascending order of percent")
  private List<Threshold> thresholds;

  private Routing routing;

  @Size(max = 10)
  private List<Notification> notifications;

  /** The limit as a number; fails with a readable message when the string is not a decimal. */
  @JsonIgnore
  public BigDecimal limitAmount() {
    return Money.parseAmount(limit, "spec.limit");
  }

  public String getLimit() {
    return limit;
  }

  public void setLimit(String limit) {
    this.limit = limit;
  }

  public BudgetPeriod getPeriod() {
    return period;
  }

  public void setPeriod(BudgetPeriod period) {
    this.period = period;
  }

  public String getTimezone() {
    return timezone;
  }

  public void setTimezone(String timezone) {
    this.timezone = timezone;
  }

  public BudgetSelector getSelector() {
    return selector;
  }

  public void setSelector(BudgetSelector selector) {
    this.selector = selector;
  }

  public EnforcementMode getEnforcement() {
    return enforcement;
  }

  public void setEnforcement(EnforcementMode enforcement) {
    this.enforcement = enforcement;
  }

  public List<Threshold> getThresholds() {
    return thresholds;
  }

  public void setThresholds(List<Threshold> thresholds) {
    this.thresholds = thresholds;
  }

  public Routing getRouting() {
    return routing;
  }

  public void setRouting(Routing routing) {
    this.routing = routing;
  }

  public List<Notification> getNotifications() {
    return notifications;
  }

  public void setNotifications(List<Notification> notifications) {
    this.notifications = notifications;
  }
}
