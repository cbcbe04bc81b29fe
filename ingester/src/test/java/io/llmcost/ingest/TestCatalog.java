package io.llmcost.ingest;

import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.llmcost.model.pricing.LlmPricing;
import io.llmcost.model.pricing.LlmPricingSpec;
import io.llmcost.model.pricing.ModelPrice;
import io.llmcost.pricing.PriceCatalog;
import io.llmcost.pricing.PriceCatalogEntry;
import java.util.List;

/**
 * Prices for tests, USD per 1M tokens: gpt-4o 2.50 in / 10.00 out / 1.25 cache read; gpt-4o-mini
 * 0.15 / 0.60; claude-sonnet-4 3.00 / 15.00 / 0.30 cache read / 3.75 cache write / 6.00 1h write.
 */
public final class TestCatalog {
  private TestCatalog() {}

  public static List<LlmPricing> catalogs() {
    return List.of(
        pricing(
            "openai",
            "openai",
            model("gpt-4o", "2.50", "10.00", "1.25", null, null),
            model("gpt-4o-mini", "0.15", "0.60", null, null, null)),
        pricing(
            "anthropic",
            "anthropic",
            model("claude-sonnet-4", "3.00", "15.00", "0.30", "3.75", "6.00")));
  }

  public static PriceCatalog engine() {
    return PriceCatalog.of(
        catalogs().stream()
            .map(p -> new PriceCatalogEntry(p.getMetadata().getName(), p.getSpec()))
            .toList());
  }

  public static LlmPricing pricing(String name, String provider, ModelPrice... models) {
    LlmPricing pricing = new LlmPricing();
    pricing.setMetadata(new ObjectMetaBuilder().withName(name).build());
    LlmPricingSpec spec = new LlmPricingSpec();
    spec.setProvider(provider);
    spec.setModels(List.of(models));
    pricing.setSpec(spec);
    return pricing;
  }

  public static ModelPrice model(
      String name, String input, String output, String cacheRead, String cacheWrite, String cw1h) {
    ModelPrice m = new ModelPrice();
    m.setName(name);
    m.setInput(input);
    m.setOutput(output);
    m.setCacheRead(cacheRead);
    m.setCacheWrite(cacheWrite);
    m.setCacheWrite1h(cw1h);
    return m;
  }
}
