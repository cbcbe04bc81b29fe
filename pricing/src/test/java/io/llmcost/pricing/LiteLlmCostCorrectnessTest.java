package io.llmcost.pricing;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.llmcost.model.ServiceTier;
import io.llmcost.model.TokenUsage;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * For every token-priced model of the real LiteLLM price map: import it, price a set of token mixes
 * with the engine, and compare with a computation made straight from the JSON keys, to 1e-9 USD.
 * The reference reads LiteLLM's own key names and per-token values and shares no code with the
 * importer or the engine.
 */
class LiteLlmCostCorrectnessTest {
  private static final Instant NOW = Instant.parse("2026-11-26T12:00:00Z");
  private static final BigDecimal TOLERANCE = new BigDecimal("1e-9");
  private static final Pattern ABOVE = Pattern.compile("_above_(\\d+)k_tokens");

  @Test
  void engineMatchesTheJsonForEveryModelAndTokenMix() {
    JsonNode map = SharedData.liteLlmPriceMap();
    LiteLlmImporter.Result imported = LiteLlmImporter.importPriceMap(map, null);
    List<PriceCatalogEntry> entries = new ArrayList<>();
    imported
        .catalogs()
        .forEach(c -> entries.add(new PriceCatalogEntry(c.getMetadata().getName(), c.getSpec())));
    PriceCatalog catalog = PriceCatalog.of(entries);

    int checked = 0;
    int longContextChecks = 0;
    int models = 0;
    List<String> mismatches = new ArrayList<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = map.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      String model = e.getKey();
      JsonNode prices = e.getValue();
      if (imported.skipped().stream().anyMatch(s -> s.model().equals(model))) {
        continue;
      }
      models++;
      String provider = prices.get("litellm_provider").asText();
      for (TokenUsage usage : mixesFor(prices)) {
        PricingResult result = catalog.price(provider, model, NOW, usage);
        BigDecimal expected = reference(prices, usage);
        if (!result.priced() || result.cost().subtract(expected).abs().compareTo(TOLERANCE) > 0) {
          mismatches.add(model + " " + usage + ": engine " + result.cost() + " json " + expected);
        }
        checked++;
        if (usage.input() > 128_000) {
          longContextChecks++;
        }
      }
    }
    assertThat(mismatches).isEmpty();
    assertThat(models).isEqualTo(214);
    assertThat(checked).isGreaterThan(models * 10);
    assertThat(longContextChecks).isGreaterThan(50);
  }

  /** Plain, cache read, cache write 5m and 1h, reasoning, each service tier, each context tier. */
  private static List<TokenUsage> mixesFor(JsonNode prices) {
    List<TokenUsage> mixes = new ArrayList<>();
    for (ServiceTier tier : ServiceTier.values()) {
      mixes.add(new TokenUsage(1_234, 567, 0, 0, 0, tier, false));
      mixes.add(new TokenUsage(10_000, 800, 6_000, 0, 0, tier, false));
      mixes.add(new TokenUsage(9_000, 100, 1_000, 5_000, 0, tier, false));
      mixes.add(new TokenUsage(9_000, 100, 1_000, 5_000, 0, tier, true));
      mixes.add(new TokenUsage(2_000, 3_000, 0, 0, 2_500, tier, false));
    }
    for (long threshold : thresholds(prices)) {
      for (ServiceTier tier : ServiceTier.values()) {
        mixes.add(new TokenUsage(threshold, 1_000, 0, 0, 0, tier, false)); // not above: standard
        mixes.add(new TokenUsage(threshold + 1, 2_000, 50_000, 10_000, 500, tier, false));
        mixes.add(new TokenUsage(threshold + 1, 2_000, 50_000, 10_000, 500, tier, true));
      }
    }
    return mixes;
  }

  private static TreeSet<Long> thresholds(JsonNode prices) {
    TreeSet<Long> thresholds = new TreeSet<>();
    prices
        .fieldNames()
        .forEachRemaining(
            key -> {
              Matcher m = ABOVE.matcher(key);
              if (m.find()) {
                thresholds.add(Long.parseLong(m.group(1)) * 1000);
              }
            });
    return thresholds;
  }

  /**
   * LiteLLM's keys read directly: tier suffixes, context suffixes, then the documented fallbacks.
   */
  private static BigDecimal reference(JsonNode prices, TokenUsage usage) {
    long input = Math.max(usage.input(), usage.cacheRead() + usage.cacheWrite());
    long output = Math.max(usage.output(), usage.reasoning());
    Long context = thresholds(prices).floor(input - 1);
    String above = context == null ? null : "_above_" + (context / 1000) + "k_tokens";
    String tier =
        switch (usage.serviceTier()) {
          case BATCH -> "_batches";
          case PRIORITY -> "_priority";
          case FLEX -> "_flex";
          case STANDARD -> null;
        };

    BigDecimal in = lookup(prices, above, tier, "input_cost_per_token");
    BigDecimal out = lookup(prices, above, tier, "output_cost_per_token");
    if (out == null) {
      out = BigDecimal.ZERO; // embeddings
    }
    BigDecimal cacheRead =
        firstNonNull(
            lookup(
                prices,
                above,
                tier,
                "cache_read_input_token_cost",
                "input_cost_per_token_cache_hit"),
            in);
    BigDecimal cacheWrite =
        firstNonNull(lookup(prices, above, tier, "cache_creation_input_token_cost"), in);
    if (usage.cacheWriteOneHour()) {
      cacheWrite =
          firstNonNull(
              lookup(prices, above, tier, "cache_creation_input_token_cost_above_1hr"), cacheWrite);
    }
    BigDecimal reasoning =
        firstNonNull(lookup(prices, above, tier, "output_cost_per_reasoning_token"), out);

    long uncached = input - usage.cacheRead() - usage.cacheWrite();
    BigDecimal total =
        in.multiply(BigDecimal.valueOf(uncached))
            .add(cacheRead.multiply(BigDecimal.valueOf(usage.cacheRead())))
            .add(cacheWrite.multiply(BigDecimal.valueOf(usage.cacheWrite())))
            .add(out.multiply(BigDecimal.valueOf(output - usage.reasoning())))
            .add(reasoning.multiply(BigDecimal.valueOf(usage.reasoning())));
    return total.setScale(9, RoundingMode.HALF_EVEN);
  }

  /**
   * The first key present, most specific first: context+tier, tier, context, plain. Within a level,
   * the names are tried in order.
   */
  private static BigDecimal lookup(JsonNode prices, String above, String tier, String... names) {
    List<String> levels = new ArrayList<>();
    if (above != null && tier != null) {
      levels.add(above + tier);
    }
    if (tier != null) {
      levels.add(tier);
    }
    if (above != null) {
      levels.add(above);
    }
    levels.add("");
    for (String level : levels) {
      for (String name : names) {
        JsonNode value = prices.get(name + level);
        if (value != null && value.isNumber()) {
          return value.decimalValue();
        }
      }
    }
    return null;
  }

  private static BigDecimal firstNonNull(BigDecimal a, BigDecimal b) {
    return a != null ? a : b;
  }
}
