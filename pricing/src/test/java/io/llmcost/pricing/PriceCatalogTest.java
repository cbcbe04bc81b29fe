package io.llmcost.pricing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.llmcost.model.TokenUsage;
import io.llmcost.model.pricing.LlmPricingSpec;
import io.llmcost.model.pricing.ModelPrice;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class PriceCatalogTest {
  private static final Instant JULY = Instant.parse("2026-07-01T12:00:00Z");
  private static final TokenUsage ONE_MILLION_IN = TokenUsage.of(1_000_000, 0);

  @Test
  void exactNameBeatsRegexEvenWhenTheRegexCatalogIsNewer() {
    PriceCatalog catalog =
        PriceCatalog.of(
            List.of(
                entry("exact", "openai", null, model("gpt-4o", null, "2.5")),
                entry(
                    "regex",
                    "openai",
                    "2026-06-01T00:00:00Z",
                    model("gpt-4o-family", "^gpt-4o.*$", "9"))));

    assertThat(price(catalog, "openai", "gpt-4o")).isEqualByComparingTo("2.5");
    assertThat(price(catalog, "openai", "gpt-4o-2024-08-06")).isEqualByComparingTo("9");
  }

  @Test
  void newestEffectiveFromNotAfterTheCallWins() {
    PriceCatalog catalog =
        PriceCatalog.of(
            List.of(
                entry("old", "openai", "2026-01-01T00:00:00Z", model("gpt-4o", null, "5")),
                entry("mid", "openai", "2026-06-01T00:00:00+02:00", model("gpt-4o", null, "4")),
                entry("future", "openai", "2026-08-01T00:00:00Z", model("gpt-4o", null, "1"))));

    assertThat(price(catalog, "openai", "gpt-4o")).isEqualByComparingTo("4");
    PricingResult march =
        catalog.price("openai", "gpt-4o", Instant.parse("2026-03-01T00:00:00Z"), ONE_MILLION_IN);
    assertThat(march.cost()).isEqualByComparingTo("5");
    assertThat(((PricingResult.Priced) march).catalog()).isEqualTo("old");
  }

  @Test
  void providerSpecificBeatsProviderLessAtTheSameDate() {
    PriceCatalog catalog =
        PriceCatalog.of(
            List.of(
                entry("deal", null, null, model("gpt-4o", null, "1")),
                entry("openai", "openai", null, model("gpt-4o", null, "2.5"))));

    assertThat(price(catalog, "openai", "gpt-4o")).isEqualByComparingTo("2.5");
    assertThat(price(catalog, "azure", "gpt-4o")).isEqualByComparingTo("1");
  }

  @Test
  void aNewerProviderLessDealBeatsAnOlderProviderCatalog() {
    PriceCatalog catalog =
        PriceCatalog.of(
            List.of(
                entry("openai", "openai", "2026-01-01T00:00:00Z", model("gpt-4o", null, "2.5")),
                entry("deal", null, "2026-05-01T00:00:00Z", model("gpt-4o", null, "2"))));

    assertThat(price(catalog, "openai", "gpt-4o")).isEqualByComparingTo("2");
  }

  @Test
  void semanticConventionProviderNamesFindLiteLlmCatalogs() {
    PriceCatalog catalog =
        PriceCatalog.of(
            List.of(
                entry(
                    "vertex", "vertex_ai-language-models", null, model("gemini-x", null, "1.25"))));

    assertThat(price(catalog, "gcp.vertex_ai", "gemini-x")).isEqualByComparingTo("1.25");
    assertThat(catalog.price("openai", "gemini-x", JULY, ONE_MILLION_IN).priced()).isFalse();
  }

  @Test
  void aProviderPrefixedModelIsAlsoLookedUpWithoutThePrefix() {
    PriceCatalog catalog =
        PriceCatalog.of(List.of(entry("openai", "openai", null, model("gpt-4o", null, "2.5"))));

    assertThat(price(catalog, "openai", "openai/gpt-4o")).isEqualByComparingTo("2.5");
  }

  @Test
  void anUnknownModelIsUnpricedWithAReasonNeverZeroSilently() {
    PriceCatalog catalog =
        PriceCatalog.of(List.of(entry("openai", "openai", null, model("gpt-4o", null, "2.5"))));

    PricingResult result = catalog.price("openai", "gpt-9", JULY, ONE_MILLION_IN);

    assertThat(result.priced()).isFalse();
    assertThat(result).isInstanceOf(PricingResult.Unpriced.class);
    assertThat(((PricingResult.Unpriced) result).reason()).contains("gpt-9").contains("openai");
  }

  @Test
  void aCallBeforeEveryEffectiveDateIsUnpriced() {
    PriceCatalog catalog =
        PriceCatalog.of(
            List.of(entry("new", "openai", "2027-01-01T00:00:00Z", model("gpt-4o", null, "2"))));

    assertThat(catalog.price("openai", "gpt-4o", JULY, ONE_MILLION_IN).priced()).isFalse();
  }

  @Test
  void badCatalogsAreRejectedNamingTheField() {
    assertThatThrownBy(
            () ->
                PriceCatalog.of(
                    List.of(entry("bad", "openai", null, model("gpt-4o", "^gpt-4o(", "1")))))
        .isInstanceOf(PricingException.class)
        .hasMessageContaining("LlmPricing bad model gpt-4o")
        .hasMessageContaining("regular expression");

    ModelPrice negative = model("gpt-4o", null, "1");
    negative.setCacheRead("-0.5");
    assertThatThrownBy(() -> PriceCatalog.of(List.of(entry("neg", "openai", null, negative))))
        .isInstanceOf(PricingException.class)
        .hasMessageContaining("cacheRead")
        .hasMessageContaining("\"-0.5\"");

    ModelPrice noOutput = model("gpt-4o", null, "1");
    noOutput.setOutput(null);
    assertThatThrownBy(() -> PriceCatalog.of(List.of(entry("half", "openai", null, noOutput))))
        .hasMessageContaining("needs an input and an output price");

    assertThatThrownBy(
            () ->
                PriceCatalog.of(
                    List.of(entry("date", "openai", "next tuesday", model("m", null, "1")))))
        .hasMessageContaining("effectiveFrom");

    assertThatThrownBy(
            () ->
                PriceCatalog.of(
                    List.of(
                        entry(
                            "dup", "openai", null, model("m", null, "1"), model("m", null, "2")))))
        .hasMessageContaining("LlmPricing dup lists model m twice");
  }

  private static BigDecimal price(PriceCatalog catalog, String provider, String model) {
    PricingResult result = catalog.price(provider, model, JULY, ONE_MILLION_IN);
    assertThat(result.priced()).as("priced %s/%s", provider, model).isTrue();
    return result.cost();
  }

  static ModelPrice model(String name, String match, String input) {
    ModelPrice model = new ModelPrice();
    model.setName(name);
    model.setMatch(match);
    model.setInput(input);
    model.setOutput("10");
    return model;
  }

  static PriceCatalogEntry entry(
      String name, String provider, String effectiveFrom, ModelPrice... models) {
    LlmPricingSpec spec = new LlmPricingSpec();
    spec.setProvider(provider);
    spec.setEffectiveFrom(effectiveFrom);
    spec.setModels(List.of(models));
    return new PriceCatalogEntry(name, spec);
  }
}
