package io.llmcost.ingester;

import java.time.Clock;
import java.time.Duration;

/**
 * How an ingester runs. Ports may be 0 (any free port; the server reports the bound ones).
 *
 * @param authToken bearer token required on OTLP and the API, or null for none
 * @param protectProbes whether /metrics and the probes require the token too
 * @param metricsUserLabel whether llm_* metrics carry a user label (unbounded cardinality)
 * @param retention how long calls are kept (older partitions are dropped), or null for ever
 * @param maxBodyBytes the largest OTLP body accepted, compressed or not
 * @param queueCapacitySpans spans held in memory awaiting commit; past that, requests get 503
 * @param maxBatchSpans the most spans committed in one transaction
 * @param writers threads committing batches
 * @param catalogRefresh how often the price catalog version is checked
 */
public record IngesterConfig(
    String bindAddress,
    int otlpGrpcPort,
    int otlpHttpPort,
    int httpPort,
    boolean storeContent,
    String authToken,
    boolean protectProbes,
    boolean metricsUserLabel,
    Duration retention,
    int maxBodyBytes,
    int queueCapacitySpans,
    int maxBatchSpans,
    int writers,
    Duration catalogRefresh,
    Clock clock) {

  /** Defaults for the given ports; adjust with the with… methods. */
  public static IngesterConfig defaults(int otlpGrpcPort, int otlpHttpPort, int httpPort) {
    return new IngesterConfig(
        "0.0.0.0",
        otlpGrpcPort,
        otlpHttpPort,
        httpPort,
        false,
        null,
        false,
        false,
        null,
        16 * 1024 * 1024,
        100_000,
        10_000,
        2,
        Duration.ofSeconds(1),
        Clock.systemUTC());
  }

  public IngesterConfig withAuthToken(String token, boolean protect) {
    return new IngesterConfig(
        bindAddress,
        otlpGrpcPort,
        otlpHttpPort,
        httpPort,
        storeContent,
        token,
        protect,
        metricsUserLabel,
        retention,
        maxBodyBytes,
        queueCapacitySpans,
        maxBatchSpans,
        writers,
        catalogRefresh,
        clock);
  }

  public IngesterConfig withStoreContent(boolean store) {
    return new IngesterConfig(
        bindAddress,
        otlpGrpcPort,
        otlpHttpPort,
        httpPort,
        store,
        authToken,
        protectProbes,
        metricsUserLabel,
        retention,
        maxBodyBytes,
        queueCapacitySpans,
        maxBatchSpans,
        writers,
        catalogRefresh,
        clock);
  }

  public IngesterConfig withMetricsUserLabel(boolean userLabel) {
    return new IngesterConfig(
        bindAddress,
        otlpGrpcPort,
        otlpHttpPort,
        httpPort,
        storeContent,
        authToken,
        protectProbes,
        userLabel,
        retention,
        maxBodyBytes,
        queueCapacitySpans,
        maxBatchSpans,
        writers,
        catalogRefresh,
        clock);
  }

  public IngesterConfig withRetention(Duration keep) {
    return new IngesterConfig(
        bindAddress,
        otlpGrpcPort,
        otlpHttpPort,
        httpPort,
        storeContent,
        authToken,
        protectProbes,
        metricsUserLabel,
        keep,
        maxBodyBytes,
        queueCapacitySpans,
        maxBatchSpans,
        writers,
        catalogRefresh,
        clock);
  }

  public IngesterConfig withLimits(
      int bodyBytes, int queueSpans, int batchSpans, int writerThreads) {
    return new IngesterConfig(
        bindAddress,
        otlpGrpcPort,
        otlpHttpPort,
        httpPort,
        storeContent,
        authToken,
        protectProbes,
        metricsUserLabel,
        retention,
        bodyBytes,
        queueSpans,
        batchSpans,
        writerThreads,
        catalogRefresh,
        clock);
  }

  public IngesterConfig withClock(Clock newClock) {
    return new IngesterConfig(
        bindAddress,
        otlpGrpcPort,
        otlpHttpPort,
        httpPort,
        storeContent,
        authToken,
        protectProbes,
        metricsUserLabel,
        retention,
        maxBodyBytes,
        queueCapacitySpans,
        maxBatchSpans,
        writers,
        catalogRefresh,
        newClock);
  }

  public IngesterConfig withBindAddress(String address) {
    return new IngesterConfig(
        address,
        otlpGrpcPort,
        otlpHttpPort,
        httpPort,
        storeContent,
        authToken,
        protectProbes,
        metricsUserLabel,
        retention,
        maxBodyBytes,
        queueCapacitySpans,
        maxBatchSpans,
        writers,
        catalogRefresh,
        clock);
  }
}
