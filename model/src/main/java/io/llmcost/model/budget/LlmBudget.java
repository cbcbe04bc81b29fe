package io.llmcost.model.budget;

import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn.Type;
import io.fabric8.crd.generator.annotation.PrinterColumnFormat;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Categories;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Kind;
import io.fabric8.kubernetes.model.annotation.Plural;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Singular;
import io.fabric8.kubernetes.model.annotation.Version;
import io.llmcost.model.ApiConstants;

/** A spend limit over a period for a set of LLM calls, with a threshold ladder. */
@Group(ApiConstants.GROUP)
@Version(ApiConstants.VERSION)
@Kind("LlmBudget")
@Plural("llmbudgets")
@Singular("llmbudget")
@ShortNames("llmb")
@Categories(ApiConstants.CATEGORY)
@AdditionalPrinterColumn(name = "Limit", jsonPath = ".spec.limit", type = Type.STRING)
@AdditionalPrinterColumn(name = "Spent", jsonPath = ".status.spent", type = Type.STRING)
@AdditionalPrinterColumn(name = "Used", jsonPath = ".status.utilizationPercent", type = Type.STRING)
@AdditionalPrinterColumn(name = "Forecast", jsonPath = ".status.forecast", type = Type.STRING)
@AdditionalPrinterColumn(
    name = "Action",
    jsonPath = ".status.activeThreshold.action",
    type = Type.STRING)
@AdditionalPrinterColumn(
    name = "Ready",
    jsonPath = ".status.conditions[?(@.type==\"Ready\")].status",
    type = Type.STRING)
@AdditionalPrinterColumn(
    name = "Age",
    jsonPath = ".metadata.creationTimestamp",
    type = Type.DATE,
    format = PrinterColumnFormat.NONE)
public class LlmBudget extends CustomResource<LlmBudgetSpec, LlmBudgetStatus>
    implements Namespaced {}
