package io.llmcost.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.zaxxer.hikari.HikariDataSource;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.llmcost.model.pricing.LlmPricing;
import io.llmcost.model.pricing.LlmPricingSpec;
import io.llmcost.model.pricing.LongContextTier;
import io.llmcost.model.pricing.ModelPrice;
import io.llmcost.model.pricing.PriceFields;
import io.llmcost.model.pricing.ServiceTiers;
import io.llmcost.pricing.PriceCatalogEntry;
import io.llmcost.pricing.PricingException;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** LlmPricing specs → catalog tables → the same specs, on a real PostgreSQL. */
class PriceCatalogStoreIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static HikariDataSource db;
  private static PriceCatalogStore store;

  @BeforeAll
  static void start() {
    db = LedgerDatabase.pool(TestDatabase.freshDatabaseUrl(), null, null, 2);
    Migrations.migrate(db);
    store = new PriceCatalogStore(db);
  }

  @AfterAll
  static void close() {
    db.close();
  }

  @Test
  void everyTierSurvivesTheRoundTripExactly() throws Exception {
    LlmPricing rich = rich("rich-catalog");
    long before = store.version();

    assertThat(store.apply(List.of(rich, simple("other", "0.000000000001")), "file:test"))
        .isEqualTo(3);

    assertThat(store.version()).isGreaterThan(before);
    PriceCatalogEntry loaded =
        store.load().stream()
            .filter(e -> e.name().equals("rich-catalog"))
            .findFirst()
            .orElseThrow();
    assertThat((Object) JSON.valueToTree(loaded.spec()))
        .isEqualTo(JSON.valueToTree(rich.getSpec()));
    PriceCatalogEntry other =
        store.load().stream().filter(e -> e.name().equals("other")).findFirst().orElseThrow();
    assertThat(other.spec().getModels().get(0).getInput()).isEqualTo("0.000000000001");
  }

  @Test
  void applyingAgainReplacesAndDeleteRemoves() throws Exception {
    store.apply(List.of(simple("replace-me", "1")), "file:a");
    store.apply(List.of(simple("replace-me", "2.25")), "file:b");

    List<PriceCatalogEntry> entries = store.load();
    assertThat(entries.stream().filter(e -> e.name().equals("replace-me")))
        .singleElement()
        .satisfies(e -> assertThat(e.spec().getModels().get(0).getInput()).isEqualTo("2.25"));
    assertThat(store.delete("replace-me")).isTrue();
    assertThat(store.delete("replace-me")).isFalse();
    assertThat(store.load()).noneMatch(e -> e.name().equals("replace-me"));
  }

  @Test
  void anInvalidCatalogIsRejectedAndNothingOfTheBatchIsWritten() throws Exception {
    LlmPricing bad = simple("bad", "1");
    bad.getSpec().getModels().get(0).setMatch("([unclosed");
    long version = store.version();

    assertThatThrownBy(() -> store.apply(List.of(simple("good-but-batched", "1"), bad), "file:x"))
        .isInstanceOf(PricingException.class)
        .hasMessageContaining("LlmPricing bad model m");

    assertThat(store.version()).isEqualTo(version);
    assertThat(store.load()).noneMatch(e -> e.name().equals("good-but-batched"));
  }

  private static LlmPricing simple(String name, String input) {
    ModelPrice model = new ModelPrice();
    model.setName("m");
    model.setInput(input);
    model.setOutput("3");
    return pricing(name, null, null, model);
  }

  private static LlmPricing rich(String name) {
    ModelPrice model = new ModelPrice();
    model.setName("gpt-x");
    model.setMatch("^gpt-x(-\\d+)?$");
    model.setInput("2.5");
    model.setOutput("10");
    model.setCacheRead("1.25");
    model.setCacheWrite("3.75");
    model.setCacheWrite1h("6");
    model.setReasoning("12.000000000001");
    ServiceTiers tiers = new ServiceTiers();
    tiers.setBatch(fields("1.25", "5"));
    tiers.setPriority(fields("4.25", "17"));
    tiers.setFlex(fields("0.625", null));
    model.setServiceTiers(tiers);
    LongContextTier above128 = new LongContextTier();
    above128.setAboveInputTokens(128_000L);
    above128.setInput("5");
    above128.setCacheWrite1h("12");
    LongContextTier above272 = new LongContextTier();
    above272.setAboveInputTokens(272_000L);
    above272.setOutput("30");
    ServiceTiers longTiers = new ServiceTiers();
    longTiers.setPriority(fields("9", "45"));
    above272.setServiceTiers(longTiers);
    model.setLongContext(List.of(above128, above272));
    ModelPrice second = new ModelPrice();
    second.setName("gpt-y");
    second.setInput("0");
    second.setOutput("0");
    return pricing(name, "openai", "2026-01-01T00:00:00Z", model, second);
  }

  private static PriceFields fields(String input, String output) {
    PriceFields f = new PriceFields();
    f.setInput(input);
    f.setOutput(output);
    return f;
  }

  private static LlmPricing pricing(
      String name, String provider, String effectiveFrom, ModelPrice... models) {
    LlmPricingSpec spec = new LlmPricingSpec();
    spec.setProvider(provider);
    spec.setEffectiveFrom(effectiveFrom);
    spec.setModels(List.of(models));
    LlmPricing pricing = new LlmPricing();
    pricing.setMetadata(new ObjectMetaBuilder().withName(name).build());
    pricing.setSpec(spec);
    return pricing;
  }
}
