package io.llmcost.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import io.llmcost.ledger.LedgerDatabase;
import io.llmcost.ledger.PriceCatalogStore;
import io.llmcost.ledger.TestDatabase;
import io.llmcost.model.ServiceTier;
import io.llmcost.model.TokenUsage;
import io.llmcost.model.pricing.LlmPricing;
import io.llmcost.model.pricing.ModelPrice;
import io.llmcost.pricing.PriceCatalog;
import io.llmcost.pricing.PriceCatalogEntry;
import io.llmcost.pricing.PricingResult;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** `db migrate` and `pricing apply` against a real PostgreSQL, through the real command line. */
class PricingApplyIT {

  @Test
  void migrateTwiceThenApplyingTheExamplesPricesExactlyLikeTheYaml() throws Exception {
    String url = TestDatabase.freshDatabaseUrl();
    Cli first = Cli.run("db", "migrate", "--db-url", url);
    Cli again = Cli.run("db", "migrate", "--db-url", url);
    long migrations;
    try (Stream<Path> sql = Files.list(Paths.repo().resolve("sql"))) {
      migrations = sql.filter(f -> f.getFileName().toString().matches("V\\d+__.*\\.sql")).count();
    }
    assertThat(first.out())
        .contains("schema at version " + migrations + " (" + migrations + " migrations applied)");
    assertThat(again.out()).contains("schema at version " + migrations + " (0 migrations applied)");

    List<Path> files;
    try (Stream<Path> list = Files.list(Paths.repo().resolve("examples/pricing"))) {
      files = list.sorted().toList();
    }
    List<PriceCatalogEntry> fromYaml = new ArrayList<>();
    for (Path file : files) {
      Cli applied = Cli.run("pricing", "apply", "-f", file.toString(), "--db-url", url);
      assertThat(applied.exitCode()).as(applied.err()).isZero();
      assertThat(applied.out()).contains("applied 1 LlmPricing catalog");
      try (Reader reader = Files.newBufferedReader(file)) {
        for (LlmPricing p : PricingDocuments.read(reader, file.toString())) {
          fromYaml.add(new PriceCatalogEntry(p.getMetadata().getName(), p.getSpec()));
        }
      }
    }

    List<PriceCatalogEntry> fromDatabase;
    try (HikariDataSource db = LedgerDatabase.pool(url, null, null, 2)) {
      fromDatabase = new PriceCatalogStore(db).load();
    }
    assertThat(fromDatabase).hasSameSizeAs(fromYaml);
    PriceCatalog yamlEngine = PriceCatalog.of(fromYaml);
    PriceCatalog dbEngine = PriceCatalog.of(fromDatabase);
    assertThat(dbEngine.modelCount()).isEqualTo(yamlEngine.modelCount()).isEqualTo(214);

    Instant now = Instant.parse("2026-11-26T00:00:00Z");
    List<TokenUsage> mixes = new ArrayList<>();
    for (ServiceTier tier : ServiceTier.values()) {
      mixes.add(new TokenUsage(300_001, 4_000, 100_000, 20_000, 1_000, tier, false));
      mixes.add(new TokenUsage(3_000, 400, 1_000, 500, 100, tier, true));
    }
    int compared = 0;
    for (PriceCatalogEntry entry : fromYaml) {
      for (ModelPrice model : entry.spec().getModels()) {
        for (TokenUsage usage : mixes) {
          PricingResult a =
              yamlEngine.price(entry.spec().getProvider(), model.getName(), now, usage);
          PricingResult b = dbEngine.price(entry.spec().getProvider(), model.getName(), now, usage);
          assertThat(b.priced()).isTrue();
          assertThat(b.cost()).as("%s %s", model.getName(), usage).isEqualTo(a.cost());
          compared++;
        }
      }
    }
    assertThat(compared).isEqualTo(214 * mixes.size());
  }
}
