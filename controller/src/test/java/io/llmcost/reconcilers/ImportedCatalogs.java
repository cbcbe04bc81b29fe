package io.llmcost.reconcilers;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import io.llmcost.model.pricing.LlmPricing;
import io.llmcost.pricing.LiteLlmImporter;
import java.nio.file.Files;
import java.nio.file.Path;

/** What `pricing import --from-litellm` prints: the same importer and YAML settings as the CLI. */
final class ImportedCatalogs {
  private ImportedCatalogs() {}

  static String yaml(Path priceMap) throws Exception {
    ObjectMapper json = new ObjectMapper();
    ObjectMapper yaml =
        new ObjectMapper(
            new YAMLFactory()
                .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
                .enable(YAMLGenerator.Feature.ALWAYS_QUOTE_NUMBERS_AS_STRINGS));
    LiteLlmImporter.Result result =
        LiteLlmImporter.importPriceMap(
            json.readTree(Files.readString(priceMap)), "2026-01-01T00:00:00Z");
    StringBuilder out = new StringBuilder();
    for (LlmPricing p : result.catalogs()) {
      out.append(yaml.writeValueAsString(p));
    }
    return out.toString();
  }
}
