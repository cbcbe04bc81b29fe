package io.llmcost.model.pricing;

import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn.Type;
import io.fabric8.crd.generator.annotation.PrinterColumnFormat;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Categories;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Kind;
import io.fabric8.kubernetes.model.annotation.Plural;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Singular;
import io.fabric8.kubernetes.model.annotation.Version;
import io.llmcost.model.ApiConstants;

/** A cluster-wide price catalog for one provider, with an effective date. */
@Group(ApiConstants.GROUP)
@Version(ApiConstants.VERSION)
@Kind("LlmPricing")
@Plural("llmpricings")
@Singular("llmpricing")
@ShortNames("llmp")
@Categories(ApiConstants.CATEGORY)
@AdditionalPrinterColumn(name = "Provider", jsonPath = ".spec.provider", type = Type.STRING)
@AdditionalPrinterColumn(name = "Models", jsonPath = ".status.models", type = Type.INTEGER)
@AdditionalPrinterColumn(
    name = "Ready",
    jsonPath = ".status.conditions[?(@.type==\"Ready\")].status",
    type = Type.STRING)
@AdditionalPrinterColumn(
    name = "Age",
    jsonPath = ".metadata.creationTimestamp",
    type = Type.DATE,
    format = PrinterColumnFormat.NONE)
public class LlmPricing extends CustomResource<LlmPricingSpec, LlmPricingStatus> {}
