package io.llmcost.pricing;

import io.llmcost.model.pricing.LlmPricingSpec;

/**
 * One price catalog as the engine sees it.
 *
 * @param name the LlmPricing object's name, kept on every priced row
 */
public record PriceCatalogEntry(String name, LlmPricingSpec spec) {}
