package io.llmcost.cli;

import com.zaxxer.hikari.HikariDataSource;
import io.llmcost.ingester.IngesterConfig;
import io.llmcost.ingester.IngesterServer;
import io.llmcost.ledger.Migrations;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code ingester}: OTLP in, priced ledger rows, the cost API and /metrics out. */
@Command(
    name = "ingester",
    mixinStandardHelpOptions = true,
    description =
        "Receive OTLP spans of LLM calls, price them and append them to the ledger; serve the"
            + " cost API, /metrics and probes. Every flag also reads the environment variable"
            + " named in its description.")
final class IngesterCommand implements Callable<Integer> {
  @Mixin DatabaseOptions database = new DatabaseOptions();

  @Option(
      names = "--otlp-grpc-port",
      defaultValue = "${env:LLMCOST_OTLP_GRPC_PORT:-4317}",
      description = "OTLP/gRPC port (env LLMCOST_OTLP_GRPC_PORT, default 4317)")
  int otlpGrpcPort;

  @Option(
      names = "--otlp-http-port",
      defaultValue = "${env:LLMCOST_OTLP_HTTP_PORT:-4318}",
      description = "OTLP/HTTP port (env LLMCOST_OTLP_HTTP_PORT, default 4318)")
  int otlpHttpPort;

  @Option(
      names = "--http-port",
      defaultValue = "${env:LLMCOST_HTTP_PORT:-8080}",
      description = "REST API, /metrics and probes (env LLMCOST_HTTP_PORT, default 8080)")
  int httpPort;

  @Option(
      names = "--bind-address",
      defaultValue = "${env:LLMCOST_BIND_ADDRESS:-0.0.0.0}",
      description = "address to listen on (env LLMCOST_BIND_ADDRESS, default 0.0.0.0)")
  String bindAddress;

  @Option(
      names = "--store-content",
      defaultValue = "${env:LLMCOST_STORE_CONTENT:-false}",
      description =
          "store prompt and response text, redacted (e-mail, phone, card numbers, API keys,"
              + " bearer tokens); off by default (env LLMCOST_STORE_CONTENT)")
  boolean storeContent;

  @Option(
      names = "--auth-token-file",
      defaultValue = "${env:LLMCOST_AUTH_TOKEN_FILE}",
      description =
          "require `Authorization: Bearer <token>` with the token in this file on OTLP and the"
              + " API (env LLMCOST_AUTH_TOKEN_FILE, or the token itself in LLMCOST_AUTH_TOKEN)")
  Path authTokenFile;

  @Option(
      names = "--auth-probes-and-metrics",
      defaultValue = "${env:LLMCOST_AUTH_PROBES_AND_METRICS:-false}",
      description = "require the token on /metrics and the probes too (they are open otherwise)")
  boolean protectProbes;

  @Option(
      names = "--tls-cert-file",
      defaultValue = "${env:LLMCOST_TLS_CERT_FILE}",
      description =
          "PEM certificate chain: serve OTLP and the API over TLS (env LLMCOST_TLS_CERT_FILE)")
  Path tlsCert;

  @Option(
      names = "--tls-key-file",
      defaultValue = "${env:LLMCOST_TLS_KEY_FILE}",
      description = "PEM PKCS#8 private key of the certificate (env LLMCOST_TLS_KEY_FILE)")
  Path tlsKey;

  @Option(
      names = "--metrics-user-label",
      defaultValue = "${env:LLMCOST_METRICS_USER_LABEL:-false}",
      description = "add a user label to llm_* metrics; its cardinality is unbounded")
  boolean metricsUserLabel;

  @Option(
      names = "--retention",
      defaultValue = "${env:LLMCOST_RETENTION}",
      converter = DurationConverter.class,
      description =
          "drop ledger partitions older than this, e.g. 400d (env LLMCOST_RETENTION); default keep")
  Duration retention;

  @Option(
      names = "--max-body-bytes",
      defaultValue = "${env:LLMCOST_MAX_BODY_BYTES:-16777216}",
      description = "largest OTLP request accepted, compressed or not; larger gets 413")
  int maxBodyBytes;

  @Option(
      names = "--queue-spans",
      defaultValue = "${env:LLMCOST_QUEUE_SPANS:-100000}",
      description = "spans held in memory awaiting commit; past that requests get 503")
  int queueSpans;

  @Option(
      names = "--batch-spans",
      defaultValue = "${env:LLMCOST_BATCH_SPANS:-10000}",
      description = "most spans committed in one transaction")
  int batchSpans;

  @Option(
      names = "--writers",
      defaultValue = "${env:LLMCOST_WRITERS:-2}",
      description = "threads committing batches to the database")
  int writers;

  @Option(
      names = "--migrate",
      negatable = true,
      defaultValue = "true",
      fallbackValue = "true",
      description = "apply schema migrations at start (default: ${DEFAULT-VALUE})")
  boolean migrate;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    if ((tlsCert == null) != (tlsKey == null)) {
      throw new CommandLine.ParameterException(
          spec.commandLine(), "--tls-cert-file and --tls-key-file go together");
    }
    if (queueSpans < 1 || batchSpans < 1 || writers < 1 || maxBodyBytes < 1024) {
      throw new CommandLine.ParameterException(
          spec.commandLine(),
          "--queue-spans, --batch-spans and --writers must be at least 1, --max-body-bytes at"
              + " least 1024");
    }
    IngesterConfig config =
        IngesterConfig.builder(otlpGrpcPort, otlpHttpPort, httpPort)
            .withBindAddress(bindAddress)
            .withStoreContent(storeContent)
            .withAuthToken(token(), protectProbes)
            .withMetricsUserLabel(metricsUserLabel)
            .withRetention(retention)
            .withLimits(maxBodyBytes, queueSpans, batchSpans, writers)
            .withTls(tlsCert, tlsKey)
            .build();
    HikariDataSource ds = database.open(writers + 4);
    // A down database should turn into a quick 503 (exporters retry), not a long hang.
    ds.setConnectionTimeout(3_000);
    if (migrate) {
      Migrations.migrate(ds);
    }
    IngesterServer server = IngesterServer.start(ds, config);
    spec.commandLine()
        .getOut()
        .printf(
            "ingester ready: OTLP/gRPC :%d, OTLP/HTTP :%d, API :%d%n",
            server.otlpGrpcPort(), server.otlpHttpPort(), server.httpPort());
    spec.commandLine().getOut().flush();
    Lifecycle.runUntilShutdown(server, ds);
    return 0;
  }

  private String token() throws java.io.IOException {
    if (authTokenFile != null) {
      String token = Files.readString(authTokenFile).strip();
      if (token.isEmpty()) {
        throw new IllegalArgumentException(authTokenFile + " is empty; it must hold the token");
      }
      return token;
    }
    String env = System.getenv("LLMCOST_AUTH_TOKEN");
    return env == null || env.isBlank() ? null : env.strip();
  }
}
