package io.llmcost.ingester;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.grpc.Server;
import io.grpc.ServerInterceptors;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.llmcost.api.ApiServer;
import io.llmcost.api.DatabaseHealth;
import io.llmcost.api.IngestMetrics;
import io.llmcost.ingest.BearerToken;
import io.llmcost.ingest.IngestPipeline;
import io.llmcost.ingest.OtlpExporter;
import io.llmcost.ingest.OtlpGrpcService;
import io.llmcost.ingest.OtlpHttpHandler;
import io.llmcost.ingest.SpanConverter;
import io.llmcost.ledger.CostQueries;
import io.llmcost.ledger.Migrations;
import io.llmcost.ledger.Partitions;
import io.llmcost.ledger.PriceCatalogStore;
import io.llmcost.ledger.RollupSealer;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.undertow.Undertow;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running ingester: OTLP/gRPC, OTLP/HTTP and the API port over one ledger database, plus the
 * background work (catalog refresh, readiness checks, partitions ahead, retention).
 */
public final class IngesterServer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(IngesterServer.class);
  private static final Duration HEALTH_CHECK = Duration.ofSeconds(2);
  private static final Duration MAINTENANCE = Duration.ofHours(1);
  private static final Duration SEAL = Duration.ofMinutes(1);

  private final Server grpc;
  private final ExecutorService grpcExecutor;
  private final Undertow otlpHttp;
  private final Undertow api;
  private final IngestPipeline pipeline;
  private final ScheduledExecutorService background;
  private final PrometheusMeterRegistry registry;
  private final CatalogRefresher catalog;

  private IngesterServer(
      Server grpc,
      ExecutorService grpcExecutor,
      Undertow otlpHttp,
      Undertow api,
      IngestPipeline pipeline,
      ScheduledExecutorService background,
      PrometheusMeterRegistry registry,
      CatalogRefresher catalog) {
    this.grpc = grpc;
    this.grpcExecutor = grpcExecutor;
    this.otlpHttp = otlpHttp;
    this.api = api;
    this.pipeline = pipeline;
    this.background = background;
    this.registry = registry;
    this.catalog = catalog;
  }

  /** Starts on a migrated ledger database; refuses to start on an older schema. */
  public static IngesterServer start(DataSource dataSource, IngesterConfig config)
      throws IOException {
    if (!Migrations.isCurrent(dataSource)) {
      throw new IllegalStateException(
          "the ledger schema is not current; run `db migrate` (or start without --no-migrate)");
    }
    String schemaVersion = Migrations.currentVersion(dataSource);
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    new JvmMemoryMetrics().bindTo(registry);
    new ProcessorMetrics().bindTo(registry);
    IngestMetrics metrics = new IngestMetrics(registry, config.metricsUserLabel());

    CatalogRefresher catalog =
        new CatalogRefresher(new PriceCatalogStore(dataSource), config.clock());
    catalog.refresh();
    Gauge.builder("llmcost.ingest.catalog.version", catalog, CatalogRefresher::version)
        .description("Version of the price catalog in use")
        .register(registry);
    Gauge.builder("llmcost.ingest.catalog.models", catalog, c -> c.get().modelCount())
        .description("Model entries in the price catalog in use")
        .register(registry);

    LedgerMaintenance maintenance =
        new LedgerMaintenance(
            new Partitions(dataSource),
            new RollupSealer(dataSource),
            config.clock(),
            config.retention());
    maintenance.run();
    Gauge.builder(
            "llmcost.ingest.partitions.dropped", maintenance, LedgerMaintenance::partitionsDropped)
        .description("Ledger partitions dropped by retention since start")
        .register(registry);

    IngestPipeline pipeline =
        new IngestPipeline(
            dataSource,
            config.queueCapacitySpans(),
            config.maxBatchSpans(),
            config.writers(),
            metrics);
    Gauge.builder("llmcost.ingest.queue.spans", pipeline, IngestPipeline::queuedSpans)
        .description("Spans accepted and waiting to be committed")
        .register(registry);
    Gauge.builder("llmcost.ingest.queue.capacity.spans", pipeline, IngestPipeline::capacitySpans)
        .description("Spans the ingest queue holds before refusing requests")
        .register(registry);

    SpanConverter converter =
        new SpanConverter(catalog, config.clock(), config.storeContent(), config.retention());
    OtlpExporter exporter = new OtlpExporter(converter, pipeline, metrics);
    BearerToken token = config.authToken() == null ? null : new BearerToken(config.authToken());

    DatabaseHealth health = new DatabaseHealth(dataSource, schemaVersion, config.clock());
    health.check();

    ScheduledExecutorService background =
        // Several threads, so a long first sealing of a large ledger never delays price refreshes.
        Executors.newScheduledThreadPool(
            3,
            r -> {
              Thread t = new Thread(r, "llmcost-ingester-background");
              t.setDaemon(true);
              return t;
            });
    background.scheduleWithFixedDelay(
        catalog::refresh,
        config.catalogRefresh().toMillis(),
        config.catalogRefresh().toMillis(),
        TimeUnit.MILLISECONDS);
    background.scheduleWithFixedDelay(
        health::check, HEALTH_CHECK.toMillis(), HEALTH_CHECK.toMillis(), TimeUnit.MILLISECONDS);
    background.scheduleWithFixedDelay(
        maintenance::run, MAINTENANCE.toMinutes(), MAINTENANCE.toMinutes(), TimeUnit.MINUTES);
    background.scheduleWithFixedDelay(maintenance::seal, 0, SEAL.toSeconds(), TimeUnit.SECONDS);

    ExecutorService grpcExecutor =
        Executors.newFixedThreadPool(
            Math.max(4, Runtime.getRuntime().availableProcessors() * 2),
            r -> {
              Thread t = new Thread(r, "llmcost-otlp-grpc");
              t.setDaemon(true);
              return t;
            });
    OtlpGrpcService service = new OtlpGrpcService(exporter, metrics);
    NettyServerBuilder grpcBuilder =
        NettyServerBuilder.forAddress(
                new InetSocketAddress(config.bindAddress(), config.otlpGrpcPort()))
            .executor(grpcExecutor)
            .maxInboundMessageSize(config.maxBodyBytes());
    grpcBuilder.addService(
        token == null
            ? service.definition()
            : ServerInterceptors.intercept(
                service.definition(), OtlpGrpcService.authInterceptor(token, metrics)));
    javax.net.ssl.SSLContext tls = null;
    if (config.tlsCertificate() != null) {
      tls = Tls.serverContext(config.tlsCertificate(), config.tlsKey());
      grpcBuilder.useTransportSecurity(config.tlsCertificate().toFile(), config.tlsKey().toFile());
    }
    Server grpc = grpcBuilder.build().start();

    Undertow otlpHttp =
        Undertow.builder()
            .addListener(listener(config.otlpHttpPort(), config.bindAddress(), tls))
            // Undertow's own cap (2 MiB by default) would cut bodies the ingester accepts; the
            // handler enforces --max-body-bytes itself (declared length, then while reading and
            // after gunzip) and answers 413 beyond it
            .setServerOption(io.undertow.UndertowOptions.MAX_ENTITY_SIZE, Long.MAX_VALUE)
            .setHandler(new OtlpHttpHandler(exporter, metrics, token, config.maxBodyBytes()))
            .build();
    otlpHttp.start();

    ObjectMapper json = new ObjectMapper();
    ApiServer apiHandler =
        new ApiServer(
            new CostQueries(dataSource),
            config.clock(),
            registry,
            health,
            () -> {
              ObjectNode details = json.createObjectNode();
              ObjectNode c = details.putObject("catalog");
              c.put("version", catalog.version());
              c.put("models", catalog.get().modelCount());
              c.put("loadedAt", String.valueOf(catalog.loadedAt()));
              if (catalog.lastError() != null) {
                c.put("error", catalog.lastError());
              }
              ObjectNode q = details.putObject("queue");
              q.put("spans", pipeline.queuedSpans());
              q.put("capacitySpans", pipeline.capacitySpans());
              return details;
            },
            token,
            config.protectProbes());
    Undertow api =
        Undertow.builder()
            .addListener(listener(config.httpPort(), config.bindAddress(), tls))
            .setHandler(apiHandler)
            .build();
    api.start();

    IngesterServer server =
        new IngesterServer(
            grpc, grpcExecutor, otlpHttp, api, pipeline, background, registry, catalog);
    LOG.info(
        "ingester listening: OTLP/gRPC {}, OTLP/HTTP {}, API {} (catalog: {} models)",
        server.otlpGrpcPort(),
        server.otlpHttpPort(),
        server.httpPort(),
        catalog.get().modelCount());
    return server;
  }

  private static Undertow.ListenerBuilder listener(
      int port, String host, javax.net.ssl.SSLContext tls) {
    Undertow.ListenerBuilder listener = new Undertow.ListenerBuilder().setPort(port).setHost(host);
    return tls == null
        ? listener.setType(Undertow.ListenerType.HTTP)
        : listener.setType(Undertow.ListenerType.HTTPS).setSslContext(tls);
  }

  public int otlpGrpcPort() {
    return grpc.getPort();
  }

  public int otlpHttpPort() {
    return port(otlpHttp);
  }

  public int httpPort() {
    return port(api);
  }

  /** The catalog version in use (it follows the catalog tables within one refresh interval). */
  public long catalogVersion() {
    return catalog.version();
  }

  public PrometheusMeterRegistry registry() {
    return registry;
  }

  private static int port(Undertow server) {
    return ((InetSocketAddress) server.getListenerInfo().get(0).getAddress()).getPort();
  }

  /** Stops taking data, commits what was accepted, then stops serving. */
  @Override
  public void close() throws InterruptedException {
    grpc.shutdown();
    otlpHttp.stop();
    grpc.awaitTermination(10, TimeUnit.SECONDS);
    pipeline.close();
    grpcExecutor.shutdown();
    api.stop();
    background.shutdownNow();
    registry.close();
  }
}
