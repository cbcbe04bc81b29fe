package io.llmcost.reconcilers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The CRDs on a real kube-apiserver: established, examples accepted, bad objects refused. */
class CrdValidationIT {
  private static KubernetesClient admin;

  @BeforeAll
  static void installCrds() throws Exception {
    admin = RealCluster.get().admin();
    installCrds(admin);
    for (String ns : List.of("search", "research", "llm-cost-system")) {
      admin
          .namespaces()
          .resource(new NamespaceBuilder().withNewMetadata().withName(ns).endMetadata().build())
          .serverSideApply();
    }
  }

  static void installCrds(KubernetesClient admin) throws Exception {
    try (Stream<Path> files = Files.list(RealCluster.repo().resolve("crds"))) {
      for (Path file : files.toList()) {
        CustomResourceDefinition crd =
            admin
                .getKubernetesSerialization()
                .unmarshal(Files.readString(file), CustomResourceDefinition.class);
        admin.resource(crd).forceConflicts().serverSideApply();
        await()
            .atMost(Duration.ofSeconds(30))
            .until(
                () -> {
                  CustomResourceDefinition c =
                      admin
                          .apiextensions()
                          .v1()
                          .customResourceDefinitions()
                          .withName(crd.getMetadata().getName())
                          .get();
                  return c.getStatus() != null
                      && c.getStatus().getConditions().stream()
                          .anyMatch(
                              cond ->
                                  "Established".equals(cond.getType())
                                      && "True".equals(cond.getStatus()));
                });
      }
    }
  }

  @Test
  void everyExampleAppliesWithServerSideDryRun() throws Exception {
    List<Path> files;
    try (Stream<Path> walk = Files.walk(RealCluster.repo().resolve("examples"))) {
      // examples/argocd needs Argo CD's own CRDs, which this control plane does not have
      files =
          walk.filter(p -> p.toString().endsWith(".yaml") && !p.toString().contains("/argocd/"))
              .sorted()
              .toList();
    }
    assertThat(files).hasSizeGreaterThan(15);
    for (Path file : files) {
      String out =
          RealCluster.get()
              .kubectl("apply", "--dry-run=server", "--server-side", "-f", file.toString());
      assertThat(out).as(file.toString()).contains("serverside-applied (server dry run)");
    }
  }

  @Test
  void theImportedPriceCatalogApplies() throws Exception {
    Path imported = Files.createTempFile("pricing", ".yaml");
    Path priceMap =
        RealCluster.repo().resolve("../shared/data/litellm-model-prices.json").normalize();
    String yaml = ImportedCatalogs.yaml(priceMap);
    Files.writeString(imported, yaml);
    String out = RealCluster.get().kubectl("apply", "--server-side", "-f", imported.toString());
    assertThat(out).contains("llmpricing.llmcost.io/openai serverside-applied");
    assertThat(
            admin.genericKubernetesResources("llmcost.io/v1alpha1", "LlmPricing").list().getItems())
        .hasSizeGreaterThan(10);
  }

  static Stream<Arguments> invalidObjects() {
    String budget =
        "apiVersion: llmcost.io/v1alpha1\nkind: LlmBudget\nmetadata: {name: bad, namespace: search}\nspec:\n";
    String pricing =
        "apiVersion: llmcost.io/v1alpha1\nkind: LlmPricing\nmetadata: {name: bad}\nspec:\n";
    String stack =
        "apiVersion: llmcost.io/v1alpha1\nkind: LlmCostStack\nmetadata: {name: bad, namespace: search}\nspec:\n";
    return Stream.of(
        Arguments.of(
            budget + "  limit: \"-5\"\n  period: Monthly\n", "spec.limit in body should match"),
        Arguments.of(
            budget + "  limit: \"1.5e3\"\n  period: Monthly\n", "spec.limit in body should match"),
        Arguments.of(
            budget + "  limit: \"10\"\n  period: Fortnightly\n",
            "Unsupported value: \"Fortnightly\""),
        Arguments.of(
            budget
                + "  limit: \"10\"\n  period: Daily\n  thresholds: [{percent: 90, action: Notify}, {percent: 50, action: Notify}]\n",
            "thresholds must be listed in strictly ascending order of percent"),
        Arguments.of(
            budget
                + "  limit: \"10\"\n  period: Daily\n  thresholds: [{percent: 0, action: Notify}]\n",
            "should be greater than or equal to 1"),
        Arguments.of(
            budget
                + "  limit: \"10\"\n  period: Daily\n  thresholds: [{percent: 90, action: SwapModel}]\n  routing: {configMapRef: {name: r, key: k}}\n",
            "a SwapModel threshold needs swap.from and swap.to"),
        Arguments.of(
            budget
                + "  limit: \"10\"\n  period: Daily\n  thresholds: [{percent: 90, action: Notify, swap: {from: a, to: b}}]\n",
            "swap is only allowed on a SwapModel threshold"),
        Arguments.of(
            budget
                + "  limit: \"10\"\n  period: Daily\n  thresholds: [{percent: 100, action: Block}]\n",
            "spec.routing is required when a threshold uses SwapModel or Block"),
        Arguments.of(
            budget + "  limit: \"10\"\n  period: Daily\n  notifications: [{}]\n",
            "each notification names exactly one channel: slack or webhook"),
        Arguments.of(
            budget
                + "  limit: \"10\"\n  period: Daily\n  thresholds: [{percent: 90, action: SwapModel, swap: {from: a, to: a}}]\n  routing: {configMapRef: {name: r, key: k}}\n",
            "swap.from and swap.to must name different models"),
        Arguments.of(
            pricing + "  models: [{name: gpt-4o, input: \"2.50\"}]\n",
            "each model needs an input and an output price (USD per 1M tokens)"),
        Arguments.of(
            pricing + "  models: [{name: gpt-4o, input: \"two\", output: \"10\"}]\n",
            "spec.models[0].input in body should match"),
        Arguments.of(
            pricing
                + "  effectiveFrom: \"yesterday\"\n  models: [{name: m, input: \"1\", output: \"1\"}]\n",
            "spec.effectiveFrom"),
        Arguments.of(
            stack
                + "  database: {externalSecretRef: {name: db, key: url}, managed: {storage: 10Gi}}\n",
            "database: set either externalSecretRef (a Secret key holding the JDBC URL) or managed (an in-cluster PostgreSQL), not both"),
        Arguments.of(
            stack + "  ingester: {retention: forever}\n",
            "spec.ingester.retention in body should match"));
  }

  @ParameterizedTest
  @MethodSource("invalidObjects")
  void invalidObjectsAreRejectedWithAReadableMessage(String yaml, String message) {
    GenericKubernetesResource object =
        admin
            .getKubernetesSerialization()
            .unmarshal(
                new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8)),
                GenericKubernetesResource.class);
    assertThatThrownBy(() -> admin.resource(object).dryRun().create())
        .isInstanceOfSatisfying(
            KubernetesClientException.class,
            e -> {
              assertThat(e.getCode()).isEqualTo(422);
              assertThat(e.getMessage()).contains(message);
            });
  }
}
