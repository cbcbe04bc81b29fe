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
 * @param tlsCertificate PEM certificate chain for TLS on all three ports, or null for plaintext
 * @param tlsKey PEM PKCS#8 private key of that certificate
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
    Clock clock,
    java.nio.file.Path tlsCertificate,
    java.nio.file.Path tlsKey) {

  /** A builder holding the defaults, for the given ports. */
  public static Builder builder(int otlpGrpcPort, int otlpHttpPort, int httpPort) {
    return new Builder(otlpGrpcPort, otlpHttpPort, httpPort);
  }

  /** Builds a configuration; every setting starts at the ingester's default. */
  public static final class Builder {
    private final int otlpGrpcPort;
    private final int otlpHttpPort;
    private final int httpPort;
    private String bindAddress = "0.0.0.0";
    private boolean storeContent;
    private String authToken;
    private boolean protectProbes;
    private boolean metricsUserLabel;
    private Duration retention;
    private int maxBodyBytes = 16 * 1024 * 1024;
    private int queueCapacitySpans = 100_000;
    private int maxBatchSpans = 10_000;
    private int writers = 2;
    private Duration catalogRefresh = Duration.ofSeconds(1);
    private Clock clock = Clock.systemUTC();
    private java.nio.file.Path tlsCertificate;
    private java.nio.file.Path tlsKey;

    private Builder(int otlpGrpcPort, int otlpHttpPort, int httpPort) {
      this.otlpGrpcPort = otlpGrpcPort;
      this.otlpHttpPort = otlpHttpPort;
      this.httpPort = httpPort;
    }

    public Builder withBindAddress(String address) {
      this.bindAddress = address;
      return this;
    }

    public Builder withStoreContent(boolean store) {
      this.storeContent = store;
      return this;
    }

    /**
     * @param token bearer token, or null for none; @param protect also on probes and metrics
     */
    public Builder withAuthToken(String token, boolean protect) {
      this.authToken = token;
      this.protectProbes = protect;
      return this;
    }

    public Builder withMetricsUserLabel(boolean userLabel) {
      this.metricsUserLabel = userLabel;
      return this;
    }

    public Builder withRetention(Duration keep) {
      this.retention = keep;
      return this;
    }

    public Builder withLimits(int bodyBytes, int queueSpans, int batchSpans, int writerThreads) {
      this.maxBodyBytes = bodyBytes;
      this.queueCapacitySpans = queueSpans;
      this.maxBatchSpans = batchSpans;
      this.writers = writerThreads;
      return this;
    }

    public Builder withClock(Clock newClock) {
      this.clock = newClock;
      return this;
    }

    /** TLS on OTLP/gRPC, OTLP/HTTP and the API from PEM files (both null: plaintext). */
    public Builder withTls(java.nio.file.Path certificate, java.nio.file.Path key) {
      this.tlsCertificate = certificate;
      this.tlsKey = key;
      return this;
    }

    public IngesterConfig build() {
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
          clock,
          tlsCertificate,
          tlsKey);
    }
  }
}
