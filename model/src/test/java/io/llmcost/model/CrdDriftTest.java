package io.llmcost.model;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.llmcost.model.budget.LlmBudget;
import io.llmcost.model.pricing.LlmPricing;
import io.llmcost.model.stack.LlmCostStack;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** crds/ must be exactly what the Java model generates, and carry what kubectl users rely on. */
class CrdDriftTest {

  @Test
  void committedCrdsMatchTheModel() throws Exception {
    List<String> stale = new ArrayList<>();
    for (Class<? extends HasMetadata> kind : GeneratedCrds.KINDS) {
      Path committed = GeneratedCrds.committedFile(kind);
      String expected = GeneratedCrds.render(kind);
      if (RepoFiles.updateGenerated()) {
        Files.writeString(committed, expected);
      }
      if (!Files.exists(committed) || !Files.readString(committed).equals(expected)) {
        stale.add(committed.getFileName().toString());
      }
    }
    assertThat(stale)
        .as(
            "crds/ differs from the Java model; regenerate with: mvn -pl model -am test"
                + " -Dllmcost.updateGenerated=true")
        .isEmpty();
    try (var files = Files.list(RepoFiles.root().resolve("crds"))) {
      assertThat(files.map(p -> p.getFileName().toString()))
          .as("crds/ holds only generated CRDs")
          .containsExactlyInAnyOrder(
              GeneratedCrds.KINDS.stream()
                  .map(k -> GeneratedCrds.committedFile(k).getFileName().toString())
                  .toArray(String[]::new));
    }
  }

  @Test
  void namesScopesAndPrinterColumnsAreTheContract() throws Exception {
    assertNames(LlmBudget.class, "Namespaced", "llmb");
    assertNames(LlmPricing.class, "Cluster", "llmp");
    assertNames(LlmCostStack.class, "Namespaced", "llmstack");

    assertThat(columns(LlmBudget.class))
        .containsExactly("Limit", "Spent", "Used", "Forecast", "Action", "Ready", "Age");
    assertThat(columns(LlmPricing.class)).containsExactly("Provider", "Models", "Ready", "Age");
    assertThat(columns(LlmCostStack.class)).containsExactly("Ready", "Age");
  }

  @Test
  void validationRulesAreInTheSchema() throws Exception {
    String budget = GeneratedCrds.render(LlmBudget.class);
    assertThat(budget)
        .contains("thresholds must be listed in strictly ascending order of percent")
        .contains("a SwapModel threshold needs swap.from and swap.to")
        .contains("spec.routing is required when a threshold uses SwapModel or Block")
        .contains("each notification names exactly one channel: slack or webhook");
    assertThat(GeneratedCrds.render(LlmPricing.class))
        .contains("each model needs an input and an output price (USD per 1M tokens)");
    assertThat(GeneratedCrds.render(LlmCostStack.class)).contains("set either externalSecretRef");

    JsonNode spec = schema(LlmBudget.class).path("properties").path("spec");
    assertThat(spec.path("required").toString()).contains("limit").contains("period");
    assertThat(spec.at("/properties/limit/pattern").asText()).isEqualTo(ApiConstants.MONEY_PATTERN);
    assertThat(spec.at("/properties/thresholds/items/properties/percent/minimum").asInt())
        .isEqualTo(1);
    assertThat(spec.at("/properties/thresholds/maxItems").asInt()).isEqualTo(20);
    assertThat(spec.at("/properties/period/enum").toString())
        .isEqualTo("[\"Daily\",\"Monthly\",\"Quarterly\",\"Weekly\",\"Yearly\"]");
  }

  private static void assertNames(Class<? extends HasMetadata> kind, String scope, String shortName)
      throws Exception {
    JsonNode spec = GeneratedCrds.generated(kind).path("spec");
    assertThat(spec.path("group").asText()).isEqualTo("llmcost.io");
    assertThat(spec.path("scope").asText()).isEqualTo(scope);
    assertThat(spec.at("/names/shortNames/0").asText()).isEqualTo(shortName);
    assertThat(spec.at("/names/categories/0").asText()).isEqualTo("llmcost");
    JsonNode version = spec.at("/versions/0");
    assertThat(version.path("name").asText()).isEqualTo("v1alpha1");
    assertThat(version.path("served").asBoolean()).isTrue();
    assertThat(version.path("storage").asBoolean()).isTrue();
    assertThat(version.at("/subresources/status").isObject()).as("status subresource").isTrue();
  }

  private static List<String> columns(Class<? extends HasMetadata> kind) throws Exception {
    List<String> names = new ArrayList<>();
    GeneratedCrds.generated(kind)
        .at("/spec/versions/0/additionalPrinterColumns")
        .forEach(c -> names.add(c.get("name").asText()));
    return names;
  }

  static JsonNode schema(Class<? extends HasMetadata> kind) throws Exception {
    return GeneratedCrds.generated(kind).at("/spec/versions/0/schema/openAPIV3Schema");
  }
}
