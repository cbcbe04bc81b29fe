package io.llmcost.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.llmcost.model.budget.LlmBudget;
import io.llmcost.model.pricing.LlmPricing;
import io.llmcost.model.stack.LlmCostStack;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * The CRDs as the build generates them (crd-generator-maven-plugin writes them to
 * target/classes/META-INF/fabric8), with one fix-up: printer columns in the order the class
 * declares them, since the generator sorts them by JSON path and kubectl shows them in list order.
 */
public final class GeneratedCrds {
  public static final List<Class<? extends HasMetadata>> KINDS =
      List.of(LlmBudget.class, LlmPricing.class, LlmCostStack.class);

  static final ObjectMapper YAML =
      new ObjectMapper(
          YAMLFactory.builder()
              .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
              .enable(YAMLGenerator.Feature.ALWAYS_QUOTE_NUMBERS_AS_STRINGS)
              .enable(YAMLGenerator.Feature.INDENT_ARRAYS_WITH_INDICATOR)
              .disable(YAMLGenerator.Feature.SPLIT_LINES)
              .build());

  private static final String HEADER =
      "# Generated from the Java model (model/) by the fabric8 CRD generator. Do not edit:\n"
          + "# mvn -pl model -am test -Dllmcost.updateGenerated=true rewrites it.\n";

  private GeneratedCrds() {}

  public static String crdName(Class<? extends HasMetadata> kind) {
    return HasMetadata.getPlural(kind) + "." + HasMetadata.getGroup(kind);
  }

  /** The committed file in crds/. */
  public static Path committedFile(Class<? extends HasMetadata> kind) {
    return RepoFiles.root().resolve("crds").resolve(crdName(kind) + ".yaml");
  }

  /** The CRD as a tree, as generated from the classes. */
  public static JsonNode generated(Class<? extends HasMetadata> kind) throws IOException {
    Path file = Path.of("target/classes/META-INF/fabric8").resolve(crdName(kind) + "-v1.yml");
    ObjectNode crd = (ObjectNode) YAML.readTree(Files.readString(file));
    List<String> declared =
        Arrays.stream(kind.getAnnotationsByType(AdditionalPrinterColumn.class))
            .map(AdditionalPrinterColumn::name)
            .toList();
    for (JsonNode version : crd.path("spec").path("versions")) {
      ArrayNode columns = (ArrayNode) version.get("additionalPrinterColumns");
      List<JsonNode> sorted = new ArrayList<>();
      columns.forEach(sorted::add);
      sorted.sort(Comparator.comparingInt(c -> declared.indexOf(c.get("name").asText())));
      columns.removeAll();
      columns.addAll(sorted);
    }
    return crd;
  }

  /** The text crds/ should hold. */
  public static String render(Class<? extends HasMetadata> kind) throws IOException {
    return HEADER + YAML.writeValueAsString(generated(kind)).replaceFirst("^---\\n", "");
  }
}
