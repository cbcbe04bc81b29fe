package io.llmcost.cli;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.zaxxer.hikari.HikariDataSource;
import io.llmcost.ledger.Migrations;
import io.llmcost.ledger.PriceCatalogStore;
import io.llmcost.ledger.Repricer;
import io.llmcost.model.Money;
import io.llmcost.model.pricing.LlmPricing;
import io.llmcost.pricing.LiteLlmImporter;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code pricing import}, {@code pricing apply} and {@code pricing reprice}. */
@Command(
    name = "pricing",
    mixinStandardHelpOptions = true,
    description = "Work with LlmPricing price catalogs.",
    subcommands = {
      PricingCommand.Import.class,
      PricingCommand.Apply.class,
      PricingCommand.Reprice.class
    })
final class PricingCommand implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(), "name a pricing command");
  }

  @Command(
      name = "import",
      mixinStandardHelpOptions = true,
      description =
          "Print LlmPricing YAML (one document per provider) converted from a LiteLLM price map.")
  static final class Import implements Callable<Integer> {
    /** Exact decimals from the file: 2.5e-06 stays 2.5e-06, never a binary float. */
    private static final ObjectMapper JSON =
        JsonMapper.builder().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS).build();

    @Option(
        names = "--from-litellm",
        required = true,
        paramLabel = "FILE",
        description = "LiteLLM model_prices_and_context_window.json")
    Path file;

    @Option(
        names = "--effective-from",
        paramLabel = "TIME",
        description = "RFC 3339 time from which the prices apply, e.g. 2026-01-01T00:00:00Z")
    String effectiveFrom;

    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
      if (effectiveFrom != null) {
        try {
          OffsetDateTime.parse(effectiveFrom);
        } catch (DateTimeParseException e) {
          throw new CommandLine.ParameterException(
              spec.commandLine(),
              "--effective-from must be an RFC 3339 time such as 2026-01-01T00:00:00Z");
        }
      }
      JsonNode priceMap;
      try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
        priceMap = JSON.readTree(reader);
      }
      LiteLlmImporter.Result result = LiteLlmImporter.importPriceMap(priceMap, effectiveFrom);
      spec.commandLine().getOut().print(Yaml.writeDocuments(result.catalogs()));
      spec.commandLine().getOut().flush();
      spec.commandLine()
          .getErr()
          .printf(
              "imported %d models into %d LlmPricing catalogs; skipped %d entries%n",
              result.modelCount(), result.catalogs().size(), result.skipped().size());
      Map<String, List<String>> byReason = new TreeMap<>();
      for (LiteLlmImporter.Skipped s : result.skipped()) {
        byReason.computeIfAbsent(s.reason(), r -> new java.util.ArrayList<>()).add(s.model());
      }
      byReason.forEach(
          (reason, models) ->
              spec.commandLine()
                  .getErr()
                  .printf(
                      "  skipped %d %s: %s%n",
                      models.size(), reason, models.stream().collect(Collectors.joining(", "))));
      return 0;
    }
  }

  @Command(
      name = "apply",
      mixinStandardHelpOptions = true,
      description =
          "Load LlmPricing YAML into the database's price catalog, without Kubernetes. Catalogs"
              + " replace stored ones of the same name.")
  static final class Apply implements Callable<Integer> {
    @Option(
        names = {"-f", "--filename"},
        required = true,
        paramLabel = "FILE",
        description = "LlmPricing YAML file, - for standard input")
    String file;

    @Option(
        names = "--migrate",
        negatable = true,
        defaultValue = "true",
        fallbackValue = "true",
        description = "apply schema migrations first (default: ${DEFAULT-VALUE})")
    boolean migrate;

    @Mixin DatabaseOptions database = new DatabaseOptions();

    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
      List<LlmPricing> catalogs;
      String origin = "-".equals(file) ? "standard input" : file;
      try (Reader reader =
          "-".equals(file)
              ? new InputStreamReader(System.in, StandardCharsets.UTF_8)
              : Files.newBufferedReader(Path.of(file), StandardCharsets.UTF_8)) {
        catalogs = PricingDocuments.read(reader, origin);
      }
      try (HikariDataSource ds = database.open(2)) {
        if (migrate) {
          Migrations.migrate(ds);
        }
        PriceCatalogStore store = new PriceCatalogStore(ds);
        int models = store.apply(catalogs, "file:" + origin);
        spec.commandLine()
            .getOut()
            .printf(
                "applied %d LlmPricing catalog%s (%d models) from %s; catalog version %d%n",
                catalogs.size(), catalogs.size() == 1 ? "" : "s", models, origin, store.version());
      }
      return 0;
    }
  }

  @Command(
      name = "reprice",
      mixinStandardHelpOptions = true,
      description =
          "Recompute the cost of stored calls in a time range with the price catalog as it is"
              + " now (after a correction), and rebuild their rollups. The range widens to"
              + " 15-minute boundaries.")
  static final class Reprice implements Callable<Integer> {
    @Option(
        names = "--from",
        required = true,
        description = "start of the range, RFC 3339, e.g. 2026-11-01T00:00:00Z")
    OffsetDateTime from;

    @Option(names = "--to", required = true, description = "end of the range (exclusive)")
    OffsetDateTime to;

    @Mixin DatabaseOptions database = new DatabaseOptions();

    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
      if (!from.isBefore(to)) {
        throw new CommandLine.ParameterException(spec.commandLine(), "--from must be before --to");
      }
      try (HikariDataSource ds = database.open(2)) {
        if (!Migrations.isCurrent(ds)) {
          throw new IllegalStateException("the ledger schema is not current; run `db migrate`");
        }
        Repricer.Report r = new Repricer(ds).reprice(from.toInstant(), to.toInstant());
        spec.commandLine()
            .getOut()
            .printf(
                "repriced %d call(s) from %s to %s: %d changed, %d still unpriced; cost %s -> %s"
                    + " USD%n",
                r.rows(),
                r.from(),
                r.to(),
                r.changed(),
                r.unpriced(),
                Money.format(r.costBefore()),
                Money.format(r.costAfter()));
      }
      return 0;
    }
  }
}
