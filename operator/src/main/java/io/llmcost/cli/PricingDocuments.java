package io.llmcost.cli;

import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.llmcost.model.ApiConstants;
import io.llmcost.model.pricing.LlmPricing;
import java.io.IOException;
import java.io.Reader;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/** Reads LlmPricing objects from YAML, rejecting anything else with the document's position. */
final class PricingDocuments {
  private static final String API_VERSION = ApiConstants.GROUP + "/" + ApiConstants.VERSION;

  private PricingDocuments() {}

  static List<LlmPricing> read(Reader reader, String origin) throws IOException {
    List<LlmPricing> catalogs = new ArrayList<>();
    List<JsonNode> documents = Yaml.readDocuments(reader);
    for (int i = 0; i < documents.size(); i++) {
      JsonNode doc = documents.get(i);
      String where = origin + ", document " + (i + 1);
      String kind = doc.path("kind").asText();
      String apiVersion = doc.path("apiVersion").asText();
      if (!"LlmPricing".equals(kind) || !API_VERSION.equals(apiVersion)) {
        throw new IllegalArgumentException(
            where
                + ": expected apiVersion "
                + API_VERSION
                + " kind LlmPricing, got "
                + (apiVersion.isEmpty() ? "no apiVersion" : apiVersion)
                + " "
                + (kind.isEmpty() ? "no kind" : kind));
      }
      LlmPricing pricing;
      try {
        pricing = Yaml.MAPPER.treeToValue(doc, LlmPricing.class);
      } catch (JsonMappingException e) {
        throw new IllegalArgumentException(where + ": " + describe(e), e);
      }
      if (pricing.getMetadata() == null || pricing.getMetadata().getName() == null) {
        throw new IllegalArgumentException(where + ": metadata.name is required");
      }
      if (pricing.getSpec() == null) {
        throw new IllegalArgumentException(where + ": spec is required");
      }
      catalogs.add(pricing);
    }
    if (catalogs.isEmpty()) {
      throw new IllegalArgumentException(origin + " holds no LlmPricing documents");
    }
    return catalogs;
  }

  private static String describe(JsonMappingException e) {
    String path =
        e.getPath().stream()
            .map(r -> r.getFieldName() != null ? r.getFieldName() : "[" + r.getIndex() + "]")
            .collect(Collectors.joining(".", "", ""))
            .replace(".[", "[");
    return (path.isEmpty() ? "" : path + ": ") + e.getOriginalMessage().split("\n")[0];
  }
}
