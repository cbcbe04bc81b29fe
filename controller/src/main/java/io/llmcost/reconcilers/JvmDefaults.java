package io.llmcost.reconcilers;

/** JVM settings the operator and ingester processes need, applied first thing in main. */
public final class JvmDefaults {
  static final String COMMON_POOL_PARALLELISM =
      "java.util.concurrent.ForkJoinPool.common.parallelism";

  private JvmDefaults() {}

  /**
   * On one or two cores the common ForkJoinPool gets a single thread, and CompletableFuture then
   * starts a new thread for every asynchronous step; the Kubernetes client's JDK HTTP client takes
   * such a step per response (thousands of threads a minute on a busy operator). Two threads make
   * CompletableFuture use the pool. An explicit -D setting wins.
   */
  public static void apply() {
    if (System.getProperty(COMMON_POOL_PARALLELISM) == null
        && Runtime.getRuntime().availableProcessors() <= 2) {
      System.setProperty(COMMON_POOL_PARALLELISM, "2");
    }
  }
}
