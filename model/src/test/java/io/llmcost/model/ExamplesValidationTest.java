package io.llmcost.model;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.llmcost.model.budget.LlmBudget;
import io.llmcost.model.pricing.LlmPricing;
import io.llmcost.model.stack.LlmCostStack;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Every YAML in examples/ deserializes strictly into the model (unknown fields fail) and passes the
 * committed CRD's OpenAPI schema. CEL rules are checked on a real API server in the IT tier.
 */
class ExamplesValidationTest {
  private static final ObjectMapper YAML =
      new ObjectMapper(new YAMLFactory()).enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

  private static final Map<String, Class<? extends HasMetadata>> KINDS =
      Map.of(
          "LlmBudget", LlmBudget.class,
          "LlmPricing", LlmPricing.class,
          "LlmCostStack", LlmCostStack.class);

  @Test
  void everyExampleIsValid() throws Exception {
    List<String> problems = new ArrayList<>();
    int validated = 0;
    List<Path> files;
    try (Stream<Path> walk = Files.walk(RepoFiles.root().resolve("examples"))) {
      files = walk.filter(p -> p.toString().endsWith(".yaml")).sorted().toList();
    }
    assertThat(files).isNotEmpty();
    for (Path file : files) {
      List<JsonNode> documents = documents(Files.readString(file));
      assertThat(documents).as("%s has documents", file).isNotEmpty();
      for (JsonNode doc : documents) {
        String kind = doc.path("kind").asText();
        assertThat(doc.path("apiVersion").asText()).as("%s apiVersion", file).isNotEmpty();
        if (!KINDS.containsKey(kind)) {
          continue;
        }
        String where = file.getFileName() + " " + doc.at("/metadata/name").asText();
        try {
          YAML.treeToValue(doc, KINDS.get(kind));
        } catch (Exception e) {
          problems.add(where + ": " + e.getMessage());
        }
        validate(KINDS.get(kind), doc).forEach(m -> problems.add(where + ": " + m));
        validated++;
      }
    }
    assertThat(problems).isEmpty();
    assertThat(validated).as("llmcost.io objects validated").isGreaterThanOrEqualTo(8);
  }

  /** Bad input the schema alone rejects, with the field it names. */
  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "/spec/limit | \"-5\" | limit",
        "/spec/limit | \"12.5 USD\" | limit",
        "/spec/limit | 500 | limit",
        "/spec/period | \"Hourly\" | period",
        "/spec/enforcement | \"Sometimes\" | enforcement",
        "/spec/thresholds/0/percent | 0 | percent",
        "/spec/thresholds/0/action | \"Panic\" | action",
        "/spec/routing/format | \"Nginx\" | format",
      })
  void invalidBudgetsFailTheSchema(String pointer, String json, String field) throws Exception {
    JsonNode doc = load("budgets/search-team.yaml");
    set(doc, pointer, YAML.readTree(json));
    assertThat(validate(LlmBudget.class, doc))
        .as("%s = %s", pointer, json)
        .anySatisfy(m -> assertThat(m).contains(field));
  }

  @Test
  void invalidPricingFailsTheSchema() throws Exception {
    JsonNode doc = load("pricing-custom-deal.yaml");
    set(doc, "/spec/models/0/input", YAML.readTree("\"2,50\""));
    set(doc, "/spec/effectiveFrom", YAML.readTree("\"December\""));
    Set<String> messages = validate(LlmPricing.class, doc);
    assertThat(messages).anySatisfy(m -> assertThat(m).contains("input"));
    assertThat(messages).anySatisfy(m -> assertThat(m).contains("effectiveFrom"));

    ((ObjectNode) doc.get("spec")).remove("models");
    assertThat(validate(LlmPricing.class, doc)).anySatisfy(m -> assertThat(m).contains("models"));
  }

  private static Set<String> validate(Class<? extends HasMetadata> kind, JsonNode doc)
      throws Exception {
    JsonNode crd = YAML.readTree(Files.readString(GeneratedCrds.committedFile(kind)));
    JsonSchema schema =
        JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V4)
            .getSchema(crd.at("/spec/versions/0/schema/openAPIV3Schema"));
    return schema.validate(doc).stream()
        .map(ValidationMessage::getMessage)
        .collect(Collectors.toSet());
  }

  private static JsonNode load(String example) throws Exception {
    return documents(Files.readString(RepoFiles.root().resolve("examples").resolve(example)))
        .get(0);
  }

  private static void set(JsonNode doc, String pointer, JsonNode value) {
    int slash = pointer.lastIndexOf('/');
    JsonNode parent = doc.at(pointer.substring(0, slash));
    String last = pointer.substring(slash + 1);
    if (parent.isArray()) {
      ((com.fasterxml.jackson.databind.node.ArrayNode) parent).set(Integer.parseInt(last), value);
    } else {
      ((ObjectNode) parent).set(last, value);
    }
  }

  private static List<JsonNode> documents(String yaml) throws Exception {
    List<JsonNode> docs = new ArrayList<>();
    try (MappingIterator<JsonNode> it = YAML.readerFor(JsonNode.class).readValues(yaml)) {
      while (it.hasNext()) {
        JsonNode node = it.next();
        if (node != null && !node.isNull() && !node.isMissingNode()) {
          docs.add(node);
        }
      }
    }
    return docs;
  }
}
