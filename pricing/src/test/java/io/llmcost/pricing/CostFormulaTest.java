package io.llmcost.pricing;

import static org.assertj.core.api.Assertions.assertThat;

import io.llmcost.model.ServiceTier;
import io.llmcost.model.TokenUsage;
import io.llmcost.model.pricing.LongContextTier;
import io.llmcost.model.pricing.ModelPrice;
import io.llmcost.model.pricing.PriceFields;
import io.llmcost.model.pricing.ServiceTiers;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** CONTRACT.md's cost formula, checked against sums worked out by hand. */
class CostFormulaTest {
  private static final Instant NOW = Instant.parse("2026-11-26T00:00:00Z");

  @Test
  void everyTokenClassAtItsOwnPrice() {
    ModelPrice m = model("3", "15");
    m.setCacheRead("0.3");
    m.setCacheWrite("3.75");
    m.setCacheWrite1h("6");
    m.setReasoning("20");
    // input 10,000 of which 2,000 cache read and 1,000 cache write; output 500 of which 100
    // reasoning: 7000·3 + 2000·0.3 + 1000·3.75 + 400·15 + 100·20 = 33,350 per 1M → 0.03335
    assertThat(cost(m, new TokenUsage(10_000, 500, 2_000, 1_000, 100, null, false)))
        .isEqualTo("0.033350000");
    // the same with one-hour cache writes: 1000·6 instead of 1000·3.75 → 35,600 → 0.0356
    assertThat(cost(m, new TokenUsage(10_000, 500, 2_000, 1_000, 100, null, true)))
        .isEqualTo("0.035600000");
  }

  @Test
  void missingPricesFallBack() {
    ModelPrice m = model("2", "8");
    // cacheRead → input, cacheWrite → input, reasoning → output:
    // 1000·2 + 1000·2 + 1000·2 + 500·8 + 500·8 = 14,000 per 1M
    assertThat(cost(m, new TokenUsage(3_000, 1_000, 1_000, 1_000, 500, null, true)))
        .isEqualTo("0.014000000");
    m.setCacheWrite("2.5");
    // with a five-minute price only, a one-hour write falls back to it: 1000·2.5
    assertThat(cost(m, new TokenUsage(3_000, 1_000, 1_000, 1_000, 500, null, true)))
        .isEqualTo("0.014500000");
  }

  @Test
  void theHighestLongContextTierThatApplies() {
    ModelPrice m = model("1", "2");
    m.setLongContext(List.of(longContext(272_000, "4", null), longContext(128_000, "3", "5")));
    assertThat(cost(m, TokenUsage.of(128_000, 1_000_000))).isEqualTo("2.128000000");
    // above 128k: input 3, output 5
    assertThat(cost(m, TokenUsage.of(128_001, 1_000_000))).isEqualTo("5.384003000");
    // above 272k: input 4, output not set there → standard 2 (not the 128k tier's)
    assertThat(cost(m, TokenUsage.of(300_000, 1_000_000))).isEqualTo("3.200000000");
  }

  @Test
  void serviceTierFirstThenLongContextThenStandard() {
    ModelPrice m = model("2.5", "10");
    m.setCacheRead("1.25");
    ServiceTiers tiers = new ServiceTiers();
    tiers.setPriority(fields("4.25", null, null));
    tiers.setBatch(fields("1.25", "5", null));
    m.setServiceTiers(tiers);
    LongContextTier above = longContext(200_000, "5", "15");
    above.setCacheRead("2.5");
    ServiceTiers aboveTiers = new ServiceTiers();
    aboveTiers.setPriority(fields("9", null, null));
    above.setServiceTiers(aboveTiers);
    m.setLongContext(List.of(above));

    // priority, short: input 4.25 (tier), output 10 (standard), cacheRead 1.25 (standard)
    assertThat(cost(m, new TokenUsage(1_000, 1_000, 1_000, 0, 0, ServiceTier.PRIORITY, false)))
        .isEqualTo("0.011250000");
    // priority, long: input 9 (long-context priority), output 15 (long context), cacheRead 2.5
    assertThat(cost(m, new TokenUsage(300_000, 1_000, 100_000, 0, 0, ServiceTier.PRIORITY, false)))
        .isEqualTo("2.065000000");
    // batch: 1000·1.25 + 1000·5
    assertThat(cost(m, new TokenUsage(1_000, 1_000, 0, 0, 0, ServiceTier.BATCH, false)))
        .isEqualTo("0.006250000");
    // flex has no prices of its own: standard
    assertThat(cost(m, new TokenUsage(1_000, 1_000, 0, 0, 0, ServiceTier.FLEX, false)))
        .isEqualTo("0.012500000");
  }

  @Test
  void anthropicStyleInputWithoutCachedTokensNeverGoesNegative() {
    ModelPrice m = model("3", "15");
    m.setCacheRead("0.3");
    m.setCacheWrite("3.75");
    // input 100 reported beside 5,000 cache reads and 2,000 writes: input becomes 7,000,
    // uncached 0: 5000·0.3 + 2000·3.75 = 9,000 per 1M
    assertThat(cost(m, new TokenUsage(100, 0, 5_000, 2_000, 0, null, false)))
        .isEqualTo("0.009000000");
  }

  @Test
  void roundsHalfEvenAtNineDecimals() {
    // 1 token at 0.0005 per 1M = 0.0000000005 USD: exactly half a nano-dollar → rounds to even 0
    assertThat(cost(model("0.0005", "0"), TokenUsage.of(1, 0))).isEqualTo("0E-9");
    // 3 tokens = 1.5 nano → 2 nano (even); 5 tokens = 2.5 nano → 2 nano (even)
    assertThat(cost(model("0.0005", "0"), TokenUsage.of(3, 0))).isEqualTo("2E-9");
    assertThat(cost(model("0.0005", "0"), TokenUsage.of(5, 0))).isEqualTo("2E-9");
    // 7 tokens = 3.5 nano → 4 nano
    assertThat(cost(model("0.0005", "0"), TokenUsage.of(7, 0))).isEqualTo("4E-9");
  }

  @Test
  void largeCountsStayExact() {
    // 9e15 tokens at 1e-12 per 1M = 0.009 USD, plus one token at 999,999,999 per 1M =
    // 999.999999 USD: a double would lose the small term, BigDecimal keeps it
    ModelPrice m = model("0.000000000001", "999999999");
    assertThat(cost(m, TokenUsage.of(9_000_000_000_000_000L, 1))).isEqualTo("1000.008999000");
  }

  private static String cost(ModelPrice model, TokenUsage usage) {
    PriceCatalog catalog = PriceCatalog.of(List.of(PriceCatalogTest.entry("c", "p", null, model)));
    return catalog.price("p", model.getName(), NOW, usage).cost().toString();
  }

  private static ModelPrice model(String input, String output) {
    ModelPrice m = PriceCatalogTest.model("m", null, input);
    m.setOutput(output);
    return m;
  }

  private static LongContextTier longContext(long above, String input, String output) {
    LongContextTier tier = new LongContextTier();
    tier.setAboveInputTokens(above);
    tier.setInput(input);
    tier.setOutput(output);
    return tier;
  }

  private static PriceFields fields(String input, String output, String cacheRead) {
    PriceFields f = new PriceFields();
    f.setInput(input);
    f.setOutput(output);
    f.setCacheRead(cacheRead);
    return f;
  }
}
