package io.llmcost.pricing;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.llmcost.model.Money;
import io.llmcost.model.ServiceTier;
import io.llmcost.model.pricing.LlmPricing;
import io.llmcost.model.pricing.LlmPricingSpec;
import io.llmcost.model.pricing.LongContextTier;
import io.llmcost.model.pricing.ModelPrice;
import io.llmcost.model.pricing.PriceFields;
import io.llmcost.model.pricing.ServiceTiers;
import java.math.BigDecimal;
import java.math.MathContext;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.BiConsumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns a LiteLLM price map ({@code model_prices_and_context_window.json}, already parsed) into
 * LlmPricing catalogs, one per provider.
 *
 * <p>Per-token prices become per-1M decimal strings without float noise (2.5e-06 → "2.5"). Keys
 * understood: input/output, cache read (and {@code input_cost_per_token_cache_hit}), cache creation
 * (five-minute and {@code _above_1hr}), reasoning output, the {@code _batches}, {@code _priority}
 * and {@code _flex} service tiers and the {@code _above_Nk_tokens} long-context tiers, alone or
 * combined. Entries priced only (or for their output only) in other units — images, audio seconds,
 * characters — are skipped and reported, never imported at a wrong price.
 */
public final class LiteLlmImporter {
  /** LiteLLM's template entry, not a model. */
  private static final String SAMPLE_SPEC = "sample_spec";

  private static final Pattern TOKEN_PRICE_KEY =
      Pattern.compile(
          "^(input_cost_per_token_cache_hit|input_cost_per_token|output_cost_per_reasoning_token"
              + "|output_cost_per_token|cache_read_input_token_cost"
              + "|cache_creation_input_token_cost_above_1hr|cache_creation_input_token_cost)"
              + "(?:_above_(\\d+)k_tokens)?(?:_(batches|priority|flex))?$");

  /** Twelve significant digits hold every real price and drop binary-float tails. */
  private static final MathContext PRICE_DIGITS = new MathContext(12);

  private static final BigDecimal ONE_MILLION = BigDecimal.valueOf(1_000_000);

  /** Why an entry was not imported. */
  public record Skipped(String model, String provider, String reason) {}

  /** The catalogs, sorted by name, and what was left out. */
  public record Result(List<LlmPricing> catalogs, List<Skipped> skipped) {
    public int modelCount() {
      return catalogs.stream().mapToInt(c -> c.getSpec().getModels().size()).sum();
    }
  }

  private LiteLlmImporter() {}

  /**
   * Imports a parsed price map. Parse it with {@code USE_BIG_DECIMAL_FOR_FLOATS} to keep the file's
   * exact decimals; doubles are accepted too and rounded to twelve significant digits.
   *
   * @param effectiveFrom RFC 3339 time to stamp on every catalog, or null for none
   */
  public static Result importPriceMap(JsonNode priceMap, String effectiveFrom) {
    if (priceMap == null || !priceMap.isObject()) {
      throw new PricingException("a LiteLLM price map is a JSON object of model name → prices");
    }
    Map<String, List<ModelPrice>> byProvider = new TreeMap<>();
    List<Skipped> skipped = new ArrayList<>();
    Iterator<Map.Entry<String, JsonNode>> fields = priceMap.fields();
    while (fields.hasNext()) {
      Map.Entry<String, JsonNode> entry = fields.next();
      String model = entry.getKey();
      JsonNode prices = entry.getValue();
      if (SAMPLE_SPEC.equals(model) || !prices.isObject()) {
        continue;
      }
      String provider = prices.path("litellm_provider").asText("");
      if (provider.isBlank()) {
        skipped.add(new Skipped(model, "", "no litellm_provider"));
        continue;
      }
      String reason = skipReason(prices);
      if (reason != null) {
        skipped.add(new Skipped(model, provider, reason));
        continue;
      }
      byProvider.computeIfAbsent(provider, p -> new ArrayList<>()).add(toModelPrice(model, prices));
    }
    List<LlmPricing> catalogs = new ArrayList<>();
    Map<String, String> nameOwners = new TreeMap<>();
    for (Map.Entry<String, List<ModelPrice>> e : byProvider.entrySet()) {
      String name = objectName(e.getKey());
      String previous = nameOwners.put(name, e.getKey());
      if (previous != null) {
        throw new PricingException(
            "providers \"" + previous + "\" and \"" + e.getKey() + "\" map to one name " + name);
      }
      e.getValue().sort(Comparator.comparing(ModelPrice::getName));
      catalogs.add(catalog(name, e.getKey(), effectiveFrom, e.getValue()));
    }
    catalogs.sort(Comparator.comparing(c -> c.getMetadata().getName()));
    return new Result(List.copyOf(catalogs), List.copyOf(skipped));
  }

  /**
   * A valid Kubernetes object name (RFC 1123 subdomain) for a provider: "vertex_ai-language-models"
   * → "vertex-ai-language-models".
   */
  public static String objectName(String provider) {
    String name =
        provider
            .toLowerCase(Locale.ROOT)
            .replaceAll("[^a-z0-9.-]+", "-")
            .replaceAll("-{2,}", "-")
            .replaceAll("^[^a-z0-9]+|[^a-z0-9]+$", "");
    if (name.isEmpty()) {
      throw new PricingException("provider \"" + provider + "\" gives no valid object name");
    }
    return name.length() > 253 ? name.substring(0, 253).replaceAll("[^a-z0-9]+$", "") : name;
  }

  private static String skipReason(JsonNode prices) {
    boolean hasInput = prices.path("input_cost_per_token").isNumber();
    boolean hasOutput = prices.path("output_cost_per_token").isNumber();
    boolean embedding = "embedding".equals(prices.path("mode").asText());
    boolean nonTokenPrice = false;
    boolean nonZeroTokenPrice = false;
    Iterator<Map.Entry<String, JsonNode>> it = prices.fields();
    while (it.hasNext()) {
      Map.Entry<String, JsonNode> f = it.next();
      if (!f.getValue().isNumber() || !f.getKey().contains("cost")) {
        continue;
      }
      boolean positive = f.getValue().decimalValue().signum() > 0;
      if (TOKEN_PRICE_KEY.matcher(f.getKey()).matches()) {
        nonZeroTokenPrice |= positive;
      } else {
        nonTokenPrice |= positive;
      }
    }
    if (!hasInput || !(hasOutput || embedding)) {
      return nonTokenPrice
          ? "priced in non-token units (images, audio, seconds or characters)"
          : "no input and output price per token";
    }
    if (!nonZeroTokenPrice && nonTokenPrice) {
      return "priced in non-token units (images, audio, seconds or characters)";
    }
    return null;
  }

  private static ModelPrice toModelPrice(String name, JsonNode prices) {
    ModelPrice model = new ModelPrice();
    model.setName(name);
    Map<Long, LongContextTier> longContext = new TreeMap<>();
    // Cache-hit prices are an older name for cache reads: applied first so a cache_read key wins.
    List<Map.Entry<String, JsonNode>> ordered = new ArrayList<>();
    prices.fields().forEachRemaining(ordered::add);
    ordered.sort(
        Comparator.comparing(e -> !e.getKey().startsWith("input_cost_per_token_cache_hit")));
    for (Map.Entry<String, JsonNode> field : ordered) {
      Matcher m = TOKEN_PRICE_KEY.matcher(field.getKey());
      if (!m.matches() || !field.getValue().isNumber()) {
        continue;
      }
      PriceFields target = model;
      if (m.group(2) != null) {
        long above = Long.parseLong(m.group(2)) * 1000;
        target =
            longContext.computeIfAbsent(
                above,
                a -> {
                  LongContextTier tier = new LongContextTier();
                  tier.setAboveInputTokens(a);
                  return tier;
                });
      }
      if (m.group(3) != null) {
        target = serviceTier(target, m.group(3));
      }
      setter(m.group(1)).accept(target, perMillion(field.getValue()));
    }
    if (model.getOutput() == null) {
      model.setOutput("0"); // embeddings: no output tokens to price
    }
    if (!longContext.isEmpty()) {
      model.setLongContext(new ArrayList<>(longContext.values()));
    }
    return model;
  }

  private static PriceFields serviceTier(PriceFields owner, String litellmSuffix) {
    ServiceTier tier =
        "batches".equals(litellmSuffix)
            ? ServiceTier.BATCH
            : ServiceTier.fromAttribute(litellmSuffix);
    ServiceTiers tiers;
    if (owner instanceof ModelPrice model) {
      tiers = model.getServiceTiers() != null ? model.getServiceTiers() : new ServiceTiers();
      model.setServiceTiers(tiers);
    } else {
      LongContextTier context = (LongContextTier) owner;
      tiers = context.getServiceTiers() != null ? context.getServiceTiers() : new ServiceTiers();
      context.setServiceTiers(tiers);
    }
    return tiers.pricesOfCreating(tier);
  }

  private static BiConsumer<PriceFields, String> setter(String litellmKey) {
    return switch (litellmKey) {
      case "input_cost_per_token" -> PriceFields::setInput;
      case "output_cost_per_token" -> PriceFields::setOutput;
      case "cache_read_input_token_cost", "input_cost_per_token_cache_hit" ->
          PriceFields::setCacheRead;
      case "cache_creation_input_token_cost" -> PriceFields::setCacheWrite;
      case "cache_creation_input_token_cost_above_1hr" -> PriceFields::setCacheWrite1h;
      case "output_cost_per_reasoning_token" -> PriceFields::setReasoning;
      default -> throw new IllegalStateException("unmapped LiteLLM key " + litellmKey);
    };
  }

  /** Per-token price → per-1M decimal string: 2.5e-06 → "2.5". */
  static String perMillion(JsonNode perToken) {
    BigDecimal value = perToken.decimalValue().round(PRICE_DIGITS).multiply(ONE_MILLION);
    return Money.formatShortest(value);
  }

  private static LlmPricing catalog(
      String name, String provider, String effectiveFrom, List<ModelPrice> models) {
    LlmPricingSpec spec = new LlmPricingSpec();
    spec.setProvider(provider);
    spec.setEffectiveFrom(effectiveFrom);
    spec.setModels(models);
    LlmPricing pricing = new LlmPricing();
    pricing.setMetadata(
        new ObjectMetaBuilder()
            .withName(name)
            .addToLabels("app.kubernetes.io/managed-by", "llm-cost-operator")
            .addToLabels("llmcost.io/source", "litellm")
            .build());
    pricing.setSpec(spec);
    return pricing;
  }
}
