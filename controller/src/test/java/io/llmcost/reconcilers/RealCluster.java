package io.llmcost.reconcilers;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real kube-apiserver + etcd (no nodes) from {@code e2e/kube-env.sh}: started on first use in
 * this test JVM, stopped when it exits. The binaries are built from Go modules on first use.
 */
final class RealCluster {
  private static RealCluster instance;

  private final Path state;

  private RealCluster(Path state) {
    this.state = state;
  }

  static synchronized RealCluster get() {
    if (instance == null) {
      String out = script("up");
      String export =
          out.lines()
              .filter(l -> l.startsWith("export KUBECONFIG="))
              .findFirst()
              .orElseThrow(
                  () -> new IllegalStateException("kube-env.sh up printed no KUBECONFIG:\n" + out));
      instance =
          new RealCluster(Path.of(export.substring("export KUBECONFIG=".length())).getParent());
      Runtime.getRuntime().addShutdownHook(new Thread(() -> script("down")));
    }
    return instance;
  }

  static Path repo() {
    return Path.of("..").toAbsolutePath().normalize();
  }

  /** Runs e2e/kube-env.sh with an argument; returns stdout, fails with its stderr. */
  static String script(String... args) {
    String[] all = new String[args.length + 1];
    all[0] = "kube-env.sh";
    System.arraycopy(args, 0, all, 1, args.length);
    return script0(all);
  }

  /** Runs a script under e2e/ (path relative to it) with arguments; returns stdout. */
  static String script0(String... scriptAndArgs) {
    try {
      Path log = Files.createTempFile("kube-env", ".log");
      List<String> command =
          new java.util.ArrayList<>(
              List.of("bash", repo().resolve("e2e").resolve(scriptAndArgs[0]).toString()));
      command.addAll(List.of(scriptAndArgs).subList(1, scriptAndArgs.length));
      Process p = new ProcessBuilder(command).redirectError(log.toFile()).start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!p.waitFor(60, TimeUnit.MINUTES) || p.exitValue() != 0) {
        throw new IllegalStateException(
            String.join(" ", scriptAndArgs) + " failed:\n" + Files.readString(log));
      }
      return out;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  Path adminKubeconfig() {
    return state.resolve("admin.kubeconfig");
  }

  Path operatorKubeconfig() {
    return state.resolve("operator.kubeconfig");
  }

  KubernetesClient admin() {
    return client(adminKubeconfig());
  }

  KubernetesClient operator() {
    return client(operatorKubeconfig());
  }

  static KubernetesClient client(Path kubeconfig) {
    try {
      return new KubernetesClientBuilder()
          .withConfig(Config.fromKubeconfig(Files.readString(kubeconfig)))
          .build();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  void restartApiServer() {
    script("restart-apiserver");
  }

  /** Runs kubectl as the admin; returns stdout (stderr appended on failure). */
  String kubectl(String... args) {
    return run(adminKubeconfig(), "kubectl", args);
  }

  static String run(Path kubeconfig, String tool, String... args) {
    try {
      List<String> command = new java.util.ArrayList<>(List.of(tool));
      command.addAll(List.of(args));
      ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
      pb.environment().put("KUBECONFIG", kubeconfig.toString());
      Process p = pb.start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      p.waitFor(5, TimeUnit.MINUTES);
      if (p.exitValue() != 0) {
        throw new IllegalStateException(tool + " " + String.join(" ", args) + " failed:\n" + out);
      }
      return out;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
