package io.llmcost.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.llmcost.model.pricing.LlmPricing;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class CommandLineTest {

  @Test
  void everyCommandAnswersHelp() {
    List<List<String>> paths = new ArrayList<>();
    collect(Main.commandLine(), new ArrayList<>(), paths);
    assertThat(paths)
        .extracting(p -> String.join(" ", p))
        .contains(
            "",
            "ingester",
            "db",
            "db migrate",
            "pricing",
            "pricing import",
            "pricing apply",
            "pricing reprice");
    for (List<String> path : paths) {
      List<String> args = new ArrayList<>(path);
      args.add("--help");
      Cli result = Cli.run(args.toArray(String[]::new));
      assertThat(result.exitCode()).as("%s --help", path).isZero();
      assertThat(result.out()).as("%s --help", path).contains("Usage: llm-cost-operator");
    }
  }

  @Test
  void badFlagsExitTwoWithAMessage() {
    Cli unknown = Cli.run("pricing", "import", "--from-litellm", "x.json", "--bogus");
    assertThat(unknown.exitCode()).isEqualTo(2);
    assertThat(unknown.err()).contains("Unknown option: '--bogus'");

    Cli missing = Cli.run("pricing", "import");
    assertThat(missing.exitCode()).isEqualTo(2);
    assertThat(missing.err()).contains("Missing required option: '--from-litellm=FILE'");

    Cli noCommand = Cli.run("frobnicate");
    assertThat(noCommand.exitCode()).isEqualTo(2);
    assertThat(noCommand.err()).contains("Unmatched argument");

    Cli badDate =
        Cli.run("pricing", "import", "--from-litellm", "x.json", "--effective-from", "tomorrow");
    assertThat(badDate.exitCode()).isEqualTo(2);
    assertThat(badDate.err()).contains("--effective-from must be an RFC 3339 time");

    Cli badUrl = Cli.run("db", "migrate", "--db-url", "mysql://nope");
    assertThat(badUrl.exitCode()).isEqualTo(1);
    assertThat(badUrl.err()).contains("error: --db-url must be a PostgreSQL JDBC URL");
  }

  @Test
  void ingesterFlagsAreCheckedBeforeAnythingStarts() {
    Cli retention =
        Cli.run("ingester", "--db-url", "jdbc:postgresql://x/y", "--retention", "forever");
    assertThat(retention.exitCode()).isEqualTo(2);
    assertThat(retention.err()).contains("'forever' is not a duration; write it like 400d");

    Cli writers = Cli.run("ingester", "--db-url", "jdbc:postgresql://x/y", "--writers", "0");
    assertThat(writers.exitCode()).isEqualTo(2);
    assertThat(writers.err()).contains("--writers must be at least 1");

    Cli reprice = Cli.run("pricing", "reprice", "--db-url", "jdbc:postgresql://x/y", "--from", "x");
    assertThat(reprice.exitCode()).isEqualTo(2);
  }

  @Test
  void durationsReadAsPeopleWriteThem() {
    DurationConverter converter = new DurationConverter();
    assertThat(converter.convert("400d")).isEqualTo(java.time.Duration.ofDays(400));
    assertThat(converter.convert("36h")).isEqualTo(java.time.Duration.ofHours(36));
    assertThat(converter.convert("PT90M")).isEqualTo(java.time.Duration.ofMinutes(90));
  }

  @Test
  void aMissingInputFileIsAClearError() {
    Cli result = Cli.run("pricing", "import", "--from-litellm", "/nonexistent/prices.json");
    assertThat(result.exitCode()).isEqualTo(1);
    assertThat(result.err()).startsWith("error: ").contains("/nonexistent/prices.json");
  }

  @Test
  void importPrintsLlmPricingDocumentsAndCountsSkippedEntries() throws Exception {
    Cli result =
        Cli.run(
            "pricing",
            "import",
            "--from-litellm",
            Paths.liteLlmPriceMap().toString(),
            "--effective-from",
            "2026-01-01T00:00:00Z");

    assertThat(result.exitCode()).isZero();
    assertThat(result.err())
        .contains("imported 214 models into 13 LlmPricing catalogs; skipped 4 entries")
        .contains("gpt-realtime-whisper");
    List<LlmPricing> catalogs = PricingDocuments.read(new StringReader(result.out()), "stdout");
    assertThat(catalogs).hasSize(13);
    assertThat(catalogs)
        .allSatisfy(
            c -> assertThat(c.getSpec().getEffectiveFrom()).isEqualTo("2026-01-01T00:00:00Z"));
    // prices are quoted decimal strings, never YAML numbers
    assertThat(result.out()).contains("input: \"2.5\"").doesNotContainPattern("input: [0-9]");
  }

  @Test
  void applyRejectsForeignOrMisspelledDocumentsBeforeTouchingTheDatabase(
      @org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
    Path typo = dir.resolve("typo.yaml");
    Files.writeString(
        typo,
        "apiVersion: llmcost.io/v1alpha1\nkind: LlmPricing\nmetadata: {name: x}\n"
            + "spec:\n  models:\n  - name: m\n    inptu: \"1\"\n    output: \"2\"\n");
    Cli result =
        Cli.run(
            "pricing",
            "apply",
            "-f",
            typo.toString(),
            "--db-url",
            "jdbc:postgresql://127.0.0.1:1/none");
    assertThat(result.exitCode()).isEqualTo(1);
    assertThat(result.err()).contains("document 1").contains("spec.models[0].inptu");

    Path foreign = dir.resolve("cm.yaml");
    Files.writeString(foreign, "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x}\n");
    Cli wrongKind =
        Cli.run(
            "pricing",
            "apply",
            "-f",
            foreign.toString(),
            "--db-url",
            "jdbc:postgresql://127.0.0.1:1/none");
    assertThat(wrongKind.err())
        .contains("expected apiVersion llmcost.io/v1alpha1 kind LlmPricing, got v1 ConfigMap");
  }

  private static void collect(CommandLine cli, List<String> path, List<List<String>> out) {
    out.add(path);
    cli.getSubcommands()
        .forEach(
            (name, sub) -> {
              if (!name.equals("help")) {
                List<String> next = new ArrayList<>(path);
                next.add(name);
                collect(sub, next, out);
              }
            });
  }
}
