package io.llmcost.reconcilers.stack;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarBuilder;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.PodSecurityContextBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.SecurityContextBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetBuilder;
import io.llmcost.model.common.SecretKeyReference;
import io.llmcost.model.stack.CollectorSpec;
import io.llmcost.model.stack.IngesterSpec;
import io.llmcost.model.stack.LlmCostStack;
import io.llmcost.model.stack.ManagedPostgresSpec;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * The objects an LlmCostStack owns, built from its spec (pure): names, labels, pod security
 * (restricted: non-root, read-only root filesystem, no capabilities, RuntimeDefault seccomp).
 */
public final class StackResources {
  public static final String INGESTER_IMAGE = "ghcr.io/llm-cost-operator/llm-cost-operator:0.1.0";
  public static final String COLLECTOR_IMAGE = "otel/opentelemetry-collector-contrib:0.140.0";
  public static final String POSTGRES_IMAGE = "postgres:17.6";
  static final String TOKEN_KEY = "token";
  static final String PASSWORD_KEY = "password";
  static final String USER = "llmcost";
  private static final SecureRandom RANDOM = new SecureRandom();

  private StackResources() {}

  public static String collectorName(LlmCostStack s) {
    return s.getMetadata().getName() + "-collector";
  }

  public static String ingesterName(LlmCostStack s) {
    return s.getMetadata().getName() + "-ingester";
  }

  public static String postgresName(LlmCostStack s) {
    return s.getMetadata().getName() + "-postgres";
  }

  public static String tokenSecretName(LlmCostStack s) {
    return s.getMetadata().getName() + "-ingest-token";
  }

  static Map<String, String> labels(LlmCostStack s, String component) {
    return Map.of(
        "app.kubernetes.io/name",
        "llm-cost",
        "app.kubernetes.io/instance",
        s.getMetadata().getName(),
        "app.kubernetes.io/component",
        component,
        "app.kubernetes.io/managed-by",
        "llm-cost-operator");
  }

  private static ObjectMeta meta(LlmCostStack s, String name, String component) {
    return new ObjectMetaBuilder()
        .withName(name)
        .withNamespace(s.getMetadata().getNamespace())
        .withLabels(labels(s, component))
        .build();
  }

  static SecurityContext restricted() {
    return new SecurityContextBuilder()
        .withAllowPrivilegeEscalation(false)
        .withReadOnlyRootFilesystem(true)
        .withRunAsNonRoot(true)
        .withNewCapabilities()
        .withDrop("ALL")
        .endCapabilities()
        .withNewSeccompProfile()
        .withType("RuntimeDefault")
        .endSeccompProfile()
        .build();
  }

  // data, not stringData: what is read back then equals what is desired, so nothing churns
  private static String base64(String value) {
    return Base64.getEncoder().encodeToString(value.getBytes(StandardCharsets.UTF_8));
  }

  static String randomSecret() {
    byte[] bytes = new byte[24];
    RANDOM.nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  /**
   * A value of an existing Secret, read directly (looking the secondary up by its desired id would
   * call desired() again), or null.
   */
  static String existingValue(
      io.fabric8.kubernetes.client.KubernetesClient client,
      LlmCostStack s,
      String name,
      String key) {
    Secret current =
        client.secrets().inNamespace(s.getMetadata().getNamespace()).withName(name).get();
    if (current == null || current.getData() == null || current.getData().get(key) == null) {
      return null;
    }
    return new String(
        Base64.getDecoder().decode(current.getData().get(key)), StandardCharsets.UTF_8);
  }

  /** The generated ingest token Secret (kept if it exists: pass its current token). */
  public static Secret tokenSecret(LlmCostStack s, String existingToken) {
    return new SecretBuilder()
        .withMetadata(meta(s, tokenSecretName(s), "ingester"))
        .withType("Opaque")
        .addToData(TOKEN_KEY, base64(existingToken != null ? existingToken : randomSecret()))
        .build();
  }

  /** The generated database Secret of a managed PostgreSQL. */
  public static Secret postgresSecret(LlmCostStack s, String existingPassword) {
    return new SecretBuilder()
        .withMetadata(meta(s, postgresName(s), "database"))
        .withType("Opaque")
        .addToData("username", base64(USER))
        .addToData(
            PASSWORD_KEY, base64(existingPassword != null ? existingPassword : randomSecret()))
        .addToData(
            "url", base64("jdbc:postgresql://" + postgresName(s) + ":5432/llmcost?user=" + USER))
        .build();
  }

  public static ConfigMap collectorConfig(LlmCostStack s) {
    String template;
    try (InputStream in = StackResources.class.getResourceAsStream("collector.yaml")) {
      template = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    String rendered = template.replace("${INGESTER_ENDPOINT}", ingesterName(s) + ":4317");
    return new ConfigMapBuilder()
        .withMetadata(meta(s, collectorName(s) + "-config", "collector"))
        .addToData("collector.yaml", rendered)
        .build();
  }

  /** The collector's identity: the chart binds it to read pods, namespaces and ReplicaSets. */
  public static final String COLLECTOR_SERVICE_ACCOUNT = "llm-cost-collector";

  public static io.fabric8.kubernetes.api.model.ServiceAccount collectorServiceAccount(
      LlmCostStack s) {
    return new io.fabric8.kubernetes.api.model.ServiceAccountBuilder()
        .withMetadata(meta(s, COLLECTOR_SERVICE_ACCOUNT, "collector"))
        .build();
  }

  public static Deployment collector(LlmCostStack s) {
    CollectorSpec spec =
        s.getSpec().getCollector() == null ? new CollectorSpec() : s.getSpec().getCollector();
    Container container =
        new ContainerBuilder()
            .withName("otelcol")
            .withImage(spec.getImage() != null ? spec.getImage() : COLLECTOR_IMAGE)
            .withArgs("--config=/etc/otelcol/collector.yaml")
            .withEnv(secretEnv("LLMCOST_AUTH_TOKEN", tokenRef(s)))
            .addNewPort()
            .withName("otlp-grpc")
            .withContainerPort(4317)
            .endPort()
            .addNewPort()
            .withName("otlp-http")
            .withContainerPort(4318)
            .endPort()
            .withNewReadinessProbe()
            .withNewHttpGet()
            .withPath("/")
            .withNewPort(13133)
            .endHttpGet()
            .endReadinessProbe()
            .withNewLivenessProbe()
            .withNewHttpGet()
            .withPath("/")
            .withNewPort(13133)
            .endHttpGet()
            .endLivenessProbe()
            .withResources(orDefault(spec.getResources(), "100m", "128Mi", "512Mi"))
            .withSecurityContext(restricted())
            .addNewVolumeMount()
            .withName("config")
            .withMountPath("/etc/otelcol")
            .endVolumeMount()
            .addNewVolumeMount()
            .withName("queue")
            .withMountPath("/var/lib/otelcol/queue")
            .endVolumeMount()
            .build();
    Deployment d =
        deployment(
            s,
            collectorName(s),
            "collector",
            spec.getReplicas() == null ? 1 : spec.getReplicas(),
            container,
            new io.fabric8.kubernetes.api.model.VolumeBuilder()
                .withName("config")
                .withNewConfigMap()
                .withName(collectorName(s) + "-config")
                .endConfigMap()
                .build(),
            new io.fabric8.kubernetes.api.model.VolumeBuilder()
                .withName("queue")
                .withNewEmptyDir()
                .endEmptyDir()
                .build());
    // k8sattributes reads pods, namespaces and ReplicaSets through the API server
    d.getSpec().getTemplate().getSpec().setServiceAccountName(COLLECTOR_SERVICE_ACCOUNT);
    d.getSpec().getTemplate().getSpec().setAutomountServiceAccountToken(true);
    return d;
  }

  public static Deployment ingester(LlmCostStack s) {
    IngesterSpec spec =
        s.getSpec().getIngester() == null ? new IngesterSpec() : s.getSpec().getIngester();
    List<EnvVar> env = new ArrayList<>();
    if (s.getSpec().getDatabase() != null
        && s.getSpec().getDatabase().getExternalSecretRef() != null) {
      env.add(secretEnv("LLMCOST_DB_URL", s.getSpec().getDatabase().getExternalSecretRef()));
    } else {
      env.add(secretEnv("LLMCOST_DB_URL", ref(postgresName(s), "url")));
      env.add(secretEnv("LLMCOST_DB_PASSWORD", ref(postgresName(s), PASSWORD_KEY)));
    }
    env.add(secretEnv("LLMCOST_AUTH_TOKEN", tokenRef(s)));
    if (spec.getRetention() != null) {
      env.add(
          new EnvVarBuilder().withName("LLMCOST_RETENTION").withValue(spec.getRetention()).build());
    }
    env.add(
        new EnvVarBuilder()
            .withName("LLMCOST_STORE_CONTENT")
            .withValue(String.valueOf(Boolean.TRUE.equals(spec.getStoreContent())))
            .build());
    env.add(
        new EnvVarBuilder()
            .withName("JAVA_TOOL_OPTIONS")
            .withValue("-XX:MaxRAMPercentage=75")
            .build());
    Container container =
        new ContainerBuilder()
            .withName("ingester")
            .withImage(spec.getImage() != null ? spec.getImage() : INGESTER_IMAGE)
            .withArgs("ingester")
            .withEnv(env)
            .addNewPort()
            .withName("otlp-grpc")
            .withContainerPort(4317)
            .endPort()
            .addNewPort()
            .withName("otlp-http")
            .withContainerPort(4318)
            .endPort()
            .addNewPort()
            .withName("http")
            .withContainerPort(8080)
            .endPort()
            .withNewReadinessProbe()
            .withNewHttpGet()
            .withPath("/ready")
            .withNewPort(8080)
            .endHttpGet()
            .withPeriodSeconds(5)
            .endReadinessProbe()
            .withNewLivenessProbe()
            .withNewHttpGet()
            .withPath("/live")
            .withNewPort(8080)
            .endHttpGet()
            .withInitialDelaySeconds(20)
            .endLivenessProbe()
            .withResources(orDefault(spec.getResources(), "250m", "384Mi", "512Mi"))
            .withSecurityContext(restricted())
            .addNewVolumeMount()
            .withName("tmp")
            .withMountPath("/tmp")
            .endVolumeMount()
            .build();
    return deployment(
        s,
        ingesterName(s),
        "ingester",
        spec.getReplicas() == null ? 2 : spec.getReplicas(),
        container,
        new io.fabric8.kubernetes.api.model.VolumeBuilder()
            .withName("tmp")
            .withNewEmptyDir()
            .endEmptyDir()
            .build());
  }

  private static Deployment deployment(
      LlmCostStack s,
      String name,
      String component,
      int replicas,
      Container container,
      io.fabric8.kubernetes.api.model.Volume... volumes) {
    return new DeploymentBuilder()
        .withMetadata(meta(s, name, component))
        .withNewSpec()
        .withReplicas(replicas)
        .withNewSelector()
        .withMatchLabels(labels(s, component))
        .endSelector()
        .withNewStrategy()
        .withType("RollingUpdate")
        .withNewRollingUpdate()
        .withMaxUnavailable(new io.fabric8.kubernetes.api.model.IntOrString(0))
        .withMaxSurge(new io.fabric8.kubernetes.api.model.IntOrString(1))
        .endRollingUpdate()
        .endStrategy()
        .withNewTemplate()
        .withNewMetadata()
        .withLabels(labels(s, component))
        .endMetadata()
        .withNewSpec()
        .withSecurityContext(
            new PodSecurityContextBuilder()
                .withRunAsNonRoot(true)
                .withNewSeccompProfile()
                .withType("RuntimeDefault")
                .endSeccompProfile()
                .build())
        .withAutomountServiceAccountToken(false)
        .withContainers(container)
        .withVolumes(volumes)
        .endSpec()
        .endTemplate()
        .endSpec()
        .build();
  }

  public static StatefulSet postgres(LlmCostStack s) {
    ManagedPostgresSpec spec =
        s.getSpec().getDatabase() == null || s.getSpec().getDatabase().getManaged() == null
            ? new ManagedPostgresSpec()
            : s.getSpec().getDatabase().getManaged();
    Container container =
        new ContainerBuilder()
            .withName("postgres")
            .withImage(spec.getImage() != null ? spec.getImage() : POSTGRES_IMAGE)
            .withEnv(
                new EnvVarBuilder().withName("POSTGRES_USER").withValue(USER).build(),
                new EnvVarBuilder().withName("POSTGRES_DB").withValue("llmcost").build(),
                new EnvVarBuilder()
                    .withName("PGDATA")
                    .withValue("/var/lib/postgresql/data/pgdata")
                    .build(),
                secretEnv("POSTGRES_PASSWORD", ref(postgresName(s), PASSWORD_KEY)))
            .addNewPort()
            .withName("postgres")
            .withContainerPort(5432)
            .endPort()
            .withNewReadinessProbe()
            .withNewExec()
            .withCommand("pg_isready", "-U", USER, "-d", "llmcost")
            .endExec()
            .withPeriodSeconds(5)
            .endReadinessProbe()
            .withSecurityContext(
                new SecurityContextBuilder(restricted())
                    .withRunAsUser(999L)
                    .withRunAsGroup(999L)
                    .build())
            .addNewVolumeMount()
            .withName("data")
            .withMountPath("/var/lib/postgresql/data")
            .endVolumeMount()
            .addNewVolumeMount()
            .withName("run")
            .withMountPath("/var/run/postgresql")
            .endVolumeMount()
            .addNewVolumeMount()
            .withName("tmp")
            .withMountPath("/tmp")
            .endVolumeMount()
            .build();
    return new StatefulSetBuilder()
        .withMetadata(meta(s, postgresName(s), "database"))
        .withNewSpec()
        .withReplicas(1)
        .withServiceName(postgresName(s))
        .withNewSelector()
        .withMatchLabels(labels(s, "database"))
        .endSelector()
        .withNewTemplate()
        .withNewMetadata()
        .withLabels(labels(s, "database"))
        .endMetadata()
        .withNewSpec()
        .withSecurityContext(
            new PodSecurityContextBuilder()
                .withRunAsNonRoot(true)
                .withFsGroup(999L)
                .withNewSeccompProfile()
                .withType("RuntimeDefault")
                .endSeccompProfile()
                .build())
        .withAutomountServiceAccountToken(false)
        .withContainers(container)
        .addNewVolume()
        .withName("run")
        .withNewEmptyDir()
        .endEmptyDir()
        .endVolume()
        .addNewVolume()
        .withName("tmp")
        .withNewEmptyDir()
        .endEmptyDir()
        .endVolume()
        .endSpec()
        .endTemplate()
        .addNewVolumeClaimTemplate()
        .withNewMetadata()
        .withName("data")
        .endMetadata()
        .withNewSpec()
        .withAccessModes("ReadWriteOnce")
        .withStorageClassName(spec.getStorageClassName())
        .withNewResources()
        .addToRequests(
            "storage", new Quantity(spec.getStorage() == null ? "10Gi" : spec.getStorage()))
        .endResources()
        .endSpec()
        .endVolumeClaimTemplate()
        .endSpec()
        .build();
  }

  public static Service service(LlmCostStack s, String name, String component, int... ports) {
    ServiceBuilder b =
        new ServiceBuilder()
            .withMetadata(meta(s, name, component))
            .withNewSpec()
            .withSelector(labels(s, component))
            .endSpec();
    for (int port : ports) {
      b.editSpec()
          .addNewPort()
          .withName(
              port == 4317
                  ? "otlp-grpc"
                  : port == 4318 ? "otlp-http" : port == 5432 ? "postgres" : "http")
          .withPort(port)
          .withNewTargetPort(port)
          .endPort()
          .endSpec();
    }
    return b.build();
  }

  private static SecretKeyReference tokenRef(LlmCostStack s) {
    IngesterSpec spec = s.getSpec().getIngester();
    if (spec != null && spec.getAuthTokenSecretRef() != null) {
      return spec.getAuthTokenSecretRef();
    }
    return ref(tokenSecretName(s), TOKEN_KEY);
  }

  /** Whether the stack generates its own ingest token (no Secret referenced). */
  public static boolean generatesToken(LlmCostStack s) {
    return s.getSpec().getIngester() == null
        || s.getSpec().getIngester().getAuthTokenSecretRef() == null;
  }

  public static boolean managedDatabase(LlmCostStack s) {
    return s.getSpec().getDatabase() == null
        || s.getSpec().getDatabase().getExternalSecretRef() == null;
  }

  private static SecretKeyReference ref(String name, String key) {
    SecretKeyReference r = new SecretKeyReference();
    r.setName(name);
    r.setKey(key);
    return r;
  }

  private static EnvVar secretEnv(String name, SecretKeyReference ref) {
    return new EnvVarBuilder()
        .withName(name)
        .withNewValueFrom()
        .withNewSecretKeyRef()
        .withName(ref.getName())
        .withKey(ref.getKey())
        .endSecretKeyRef()
        .endValueFrom()
        .build();
  }

  private static ResourceRequirements orDefault(
      ResourceRequirements r, String cpu, String memory, String limit) {
    if (r != null) {
      return r;
    }
    return new io.fabric8.kubernetes.api.model.ResourceRequirementsBuilder()
        .addToRequests("cpu", new Quantity(cpu))
        .addToRequests("memory", new Quantity(memory))
        .addToLimits("memory", new Quantity(limit))
        .build();
  }
}
