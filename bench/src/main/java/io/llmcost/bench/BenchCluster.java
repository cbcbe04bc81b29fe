package io.llmcost.bench;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/** The real API server of KUBECONFIG (e2e/kube-env.sh), prepared for a benchmark. */
final class BenchCluster {
  private BenchCluster() {}

  /** Applies the generated CRDs and waits until LlmBudgets are served. */
  static void applyCrds(KubernetesClient client, Path crds) throws Exception {
    for (String crd : new String[] {"llmbudgets", "llmpricings", "llmcoststacks"}) {
      client
          .apiextensions()
          .v1()
          .customResourceDefinitions()
          .resource(
              client
                  .getKubernetesSerialization()
                  .unmarshal(
                      Files.readString(crds.resolve(crd + ".llmcost.io.yaml")),
                      CustomResourceDefinition.class))
          .serverSideApply();
    }
    client
        .apiextensions()
        .v1()
        .customResourceDefinitions()
        .withName("llmbudgets.llmcost.io")
        .waitUntilCondition(
            c ->
                c.getStatus() != null
                    && c.getStatus().getConditions().stream()
                        .anyMatch(
                            x -> x.getType().equals("Established") && x.getStatus().equals("True")),
            1,
            TimeUnit.MINUTES);
  }

  /** An informer handler that hands every added or updated object to {@code seen}. */
  static <T> ResourceEventHandler<T> onAddOrUpdate(Consumer<T> seen) {
    return new ResourceEventHandler<>() {
      @Override
      public void onAdd(T t) {
        seen.accept(t);
      }

      @Override
      public void onUpdate(T old, T t) {
        seen.accept(t);
      }

      @Override
      public void onDelete(T t, boolean unknown) {}
    };
  }

  static void namespaces(KubernetesClient client, Collection<String> names) {
    for (String ns : names) {
      client
          .namespaces()
          .resource(new NamespaceBuilder().withNewMetadata().withName(ns).endMetadata().build())
          .serverSideApply();
    }
  }
}
