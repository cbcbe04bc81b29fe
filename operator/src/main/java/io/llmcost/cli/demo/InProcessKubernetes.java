package io.llmcost.cli.demo;

import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.HashMap;

/**
 * An in-process Kubernetes API: the fabric8 mock server in CRUD mode (stores, lists, watches and
 * patches any object; no admission, no CEL, no server-side apply) with this project's CRDs.
 */
final class InProcessKubernetes implements AutoCloseable {
  private final KubernetesMockServer server;
  private final KubernetesClient client;

  InProcessKubernetes() {
    server =
        new KubernetesMockServer(
            new Context(),
            new MockWebServer(),
            new HashMap<>(),
            new KubernetesCrudDispatcher(),
            false);
    server.init();
    client = server.createClient();
    for (String crd : new String[] {"llmbudgets", "llmpricings", "llmcoststacks"}) {
      try (InputStream in = Resources.open("crds/" + crd + ".llmcost.io.yaml")) {
        client
            .apiextensions()
            .v1()
            .customResourceDefinitions()
            .resource(
                client.getKubernetesSerialization().unmarshal(in, CustomResourceDefinition.class))
            .create();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }

  KubernetesClient client() {
    return client;
  }

  @Override
  public void close() {
    client.close();
    server.destroy();
  }
}
