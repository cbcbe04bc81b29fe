package io.llmcost.cli;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.io.Reader;
import java.util.ArrayList;
import java.util.List;

/** YAML as the commands read and write it: strict on input, stable and readable on output. */
final class Yaml {
  static final ObjectMapper MAPPER =
      YAMLMapper.builder(
              YAMLFactory.builder()
                  .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
                  .enable(YAMLGenerator.Feature.ALWAYS_QUOTE_NUMBERS_AS_STRINGS)
                  .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
                  .build())
          .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
          .serializationInclusion(JsonInclude.Include.NON_EMPTY)
          .build();

  private Yaml() {}

  /** Every document of a multi-document stream, skipping empty ones. */
  static List<JsonNode> readDocuments(Reader reader) throws IOException {
    List<JsonNode> documents = new ArrayList<>();
    try (JsonParser parser = MAPPER.getFactory().createParser(reader);
        MappingIterator<JsonNode> it = MAPPER.readValues(parser, JsonNode.class)) {
      while (it.hasNext()) {
        JsonNode node = it.next();
        if (node != null && !node.isNull() && !node.isMissingNode()) {
          documents.add(node);
        }
      }
    }
    return documents;
  }

  /** Documents separated by "---" lines. */
  static String writeDocuments(List<?> objects) throws IOException {
    StringBuilder out = new StringBuilder();
    for (Object o : objects) {
      out.append("---\n").append(MAPPER.writeValueAsString(o));
    }
    return out.toString();
  }
}
