package io.llmcost.pricing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.llmcost.model.pricing.LlmPricing;
import io.llmcost.model.pricing.ModelPrice;
import java.math.BigDecimal;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class LiteLlmImporterTest {
  private static final Pattern RFC1123_SUBDOMAIN =
      Pattern.compile("^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$");
  private static final Pattern DECIMAL = Pattern.compile("^(0|[1-9][0-9]*)(\\.[0-9]*[1-9])?$");

  @Test
  void perTokenFloatsBecomePerMillionDecimalsWithoutNoise() {
    JsonNodeFactory f = JsonNodeFactory.instance;
    assertThat(LiteLlmImporter.perMillion(f.numberNode(new BigDecimal("2.5e-06"))))
        .isEqualTo("2.5");
    assertThat(LiteLlmImporter.perMillion(f.numberNode(new BigDecimal("1e-05")))).isEqualTo("10");
    assertThat(LiteLlmImporter.perMillion(f.numberNode(new BigDecimal("7.5e-08"))))
        .isEqualTo("0.075");
    // binary-float tails from a double-parsed map are dropped
    assertThat(LiteLlmImporter.perMillion(f.numberNode(1.5000000000000002e-06))).isEqualTo("1.5");
    assertThat(LiteLlmImporter.perMillion(f.numberNode(3e-7 * 3))).isEqualTo("0.9");
  }

  @Test
  void theRealPriceMapImportsEveryTokenPricedModelUnderValidNames() {
    LiteLlmImporter.Result result =
        LiteLlmImporter.importPriceMap(SharedData.liteLlmPriceMap(), null);

    assertThat(result.catalogs())
        .extracting(c -> c.getMetadata().getName())
        .contains("openai", "anthropic", "gemini", "vertex-ai-language-models")
        .allMatch(name -> RFC1123_SUBDOMAIN.matcher(name).matches())
        .isSorted();
    assertThat(result.skipped())
        .extracting(LiteLlmImporter.Skipped::model)
        .containsExactlyInAnyOrder(
            "gemini-2.0-flash-exp-image-generation",
            "gpt-image-1",
            "gpt-image-1-mini",
            "gpt-realtime-whisper");
    assertThat(result.modelCount() + result.skipped().size())
        .isEqualTo(SharedData.liteLlmPriceMap().size());
    for (LlmPricing catalog : result.catalogs()) {
      for (ModelPrice m : catalog.getSpec().getModels()) {
        assertThat(m.getInput()).matches(DECIMAL);
        assertThat(m.getOutput()).matches(DECIMAL);
      }
    }
  }

  @Test
  void tiersOfARealModelLandWhereTheyBelong() {
    LiteLlmImporter.Result result =
        LiteLlmImporter.importPriceMap(SharedData.liteLlmPriceMap(), "2026-01-01T00:00:00Z");
    ModelPrice gpt4o = find(result, "openai", "gpt-4o");
    assertThat(gpt4o.getInput()).isEqualTo("2.5");
    assertThat(gpt4o.getOutput()).isEqualTo("10");
    assertThat(gpt4o.getCacheRead()).isEqualTo("1.25");
    assertThat(gpt4o.getServiceTiers().getBatch().getInput()).isEqualTo("1.25");
    assertThat(gpt4o.getServiceTiers().getPriority().getCacheRead()).isEqualTo("2.125");

    ModelPrice sonnet = find(result, "anthropic", "claude-sonnet-4-5-20250929");
    assertThat(sonnet.getCacheWrite()).isEqualTo("3.75");
    assertThat(sonnet.getCacheWrite1h()).isEqualTo("6");
    assertThat(sonnet.getLongContext())
        .singleElement()
        .satisfies(
            lc -> {
              assertThat(lc.getAboveInputTokens()).isEqualTo(200_000L);
              assertThat(lc.getInput()).isEqualTo("6");
              assertThat(lc.getCacheWrite1h()).isEqualTo("12");
            });
    assertThat(result.catalogs())
        .allSatisfy(
            c -> assertThat(c.getSpec().getEffectiveFrom()).isEqualTo("2026-01-01T00:00:00Z"));
  }

  @Test
  void combinedLongContextAndServiceTierKeysAreKept() {
    JsonNode map =
        parse(
            "{\"m\": {\"litellm_provider\": \"p\", \"mode\": \"chat\","
                + " \"input_cost_per_token\": 1e-06, \"output_cost_per_token\": 2e-06,"
                + " \"input_cost_per_token_above_200k_tokens\": 2e-06,"
                + " \"input_cost_per_token_above_200k_tokens_priority\": 4e-06,"
                + " \"cache_creation_input_token_cost_above_1hr_above_200k_tokens\": 8e-06,"
                + " \"input_cost_per_token_cache_hit\": 1e-07,"
                + " \"output_cost_per_reasoning_token\": 3e-06}}");
    ModelPrice m =
        LiteLlmImporter.importPriceMap(map, null).catalogs().get(0).getSpec().getModels().get(0);
    assertThat(m.getCacheRead()).isEqualTo("0.1");
    assertThat(m.getReasoning()).isEqualTo("3");
    assertThat(m.getLongContext())
        .singleElement()
        .satisfies(
            lc -> {
              assertThat(lc.getInput()).isEqualTo("2");
              assertThat(lc.getCacheWrite1h()).isEqualTo("8");
              assertThat(lc.getServiceTiers().getPriority().getInput()).isEqualTo("4");
            });
  }

  @Test
  void embeddingsWithoutOutputPriceGetZeroOutputAndNonTokenEntriesAreSkipped() {
    JsonNode map =
        parse(
            "{\"embed\": {\"litellm_provider\": \"p\", \"mode\": \"embedding\","
                + " \"input_cost_per_token\": 2e-08},"
                + " \"tts\": {\"litellm_provider\": \"p\", \"mode\": \"audio_speech\","
                + " \"input_cost_per_character\": 1.5e-05},"
                + " \"img\": {\"litellm_provider\": \"p\", \"mode\": \"image_generation\","
                + " \"input_cost_per_token\": 0, \"output_cost_per_token\": 0,"
                + " \"output_cost_per_image\": 0.04},"
                + " \"free\": {\"litellm_provider\": \"p\", \"mode\": \"chat\","
                + " \"input_cost_per_token\": 0, \"output_cost_per_token\": 0},"
                + " \"sample_spec\": {\"litellm_provider\": \"x\"}}");
    LiteLlmImporter.Result result = LiteLlmImporter.importPriceMap(map, null);
    assertThat(result.catalogs()).hasSize(1);
    assertThat(result.catalogs().get(0).getSpec().getModels())
        .extracting(ModelPrice::getName, ModelPrice::getOutput)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("embed", "0"),
            org.assertj.core.groups.Tuple.tuple("free", "0"));
    assertThat(result.skipped())
        .extracting(LiteLlmImporter.Skipped::model)
        .containsExactlyInAnyOrder("tts", "img");
  }

  @Test
  void objectNamesAreValidKubernetesNames() {
    assertThat(LiteLlmImporter.objectName("vertex_ai-language-models"))
        .isEqualTo("vertex-ai-language-models");
    assertThat(LiteLlmImporter.objectName("Azure_AI")).isEqualTo("azure-ai");
    assertThat(LiteLlmImporter.objectName("__x__")).isEqualTo("x");
    assertThatThrownBy(() -> LiteLlmImporter.objectName("___"))
        .isInstanceOf(PricingException.class);
  }

  @Test
  void notAMapIsAClearError() {
    assertThatThrownBy(() -> LiteLlmImporter.importPriceMap(parse("[1,2]"), null))
        .hasMessageContaining("JSON object of model name");
  }

  private static ModelPrice find(LiteLlmImporter.Result result, String catalog, String model) {
    List<ModelPrice> models =
        result.catalogs().stream()
            .filter(c -> c.getMetadata().getName().equals(catalog))
            .findFirst()
            .orElseThrow()
            .getSpec()
            .getModels();
    return models.stream().filter(m -> m.getName().equals(model)).findFirst().orElseThrow();
  }

  private static JsonNode parse(String json) {
    try {
      return com.fasterxml.jackson.databind.json.JsonMapper.builder()
          .enable(com.fasterxml.jackson.databind.DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
          .build()
          .readTree(json);
    } catch (Exception e) {
      throw new IllegalArgumentException(e);
    }
  }
}
