package io.llmcost.pricing;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The real LiteLLM price map from ../shared/data, which tests (never the product) may read. */
final class SharedData {
  private SharedData() {}

  static JsonNode liteLlmPriceMap() {
    Path file =
        Path.of(System.getProperty("llmcost.sharedDir", "../../shared"))
            .resolve("data/litellm-model-prices.json");
    try {
      return JsonMapper.builder()
          .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
          .build()
          .readTree(Files.readString(file));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file.toAbsolutePath(), e);
    }
  }
}
