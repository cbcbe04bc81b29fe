package io.llmcost.model.stack;

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

/** The cost pipeline of a namespace: collector, ingester and optionally PostgreSQL. */
@Group(ApiConstants.GROUP)
@Version(ApiConstants.VERSION)
@Kind("LlmCostStack")
@Plural("llmcoststacks")
@Singular("llmcoststack")
@ShortNames("llmstack")
@Categories(ApiConstants.CATEGORY)
@AdditionalPrinterColumn(
    name = "Ready",
    jsonPath = ".status.conditions[?(@.type==\"Ready\")].status",
    type = Type.STRING)
@AdditionalPrinterColumn(
    name = "Age",
    jsonPath = ".metadata.creationTimestamp",
    type = Type.DATE,
    format = PrinterColumnFormat.NONE)
public class LlmCostStack extends CustomResource<LlmCostStackSpec, LlmCostStackStatus>
    implements Namespaced {}
