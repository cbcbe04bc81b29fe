package io.llmcost.bench;

import com.zaxxer.hikari.HikariDataSource;
import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.llmcost.ingest.SpanConverter;
import io.llmcost.ledger.CopyRows;
import io.llmcost.ledger.LedgerDatabase;
import io.llmcost.ledger.LedgerRow;
import io.llmcost.ledger.Migrations;
import io.llmcost.ledger.Partitions;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.TraceServiceGrpc;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The load generator of the ingest benchmark, in its own process: pre-built OTLP protobuf batches
 * of 1,000 spans over HTTP (and a share over gRPC); only acknowledged spans count. Then the raw
 * limit: COPY of the same rows into the same table shape. Prints key=value lines.
 */
@Command(name = "load", mixinStandardHelpOptions = true)
final class IngestLoad implements Callable<Integer> {
  @Option(names = "--http-port", required = true)
  int httpPort;

  @Option(names = "--grpc-port", required = true)
  int grpcPort;

  @Option(names = "--db-url", required = true, description = "the ingester's database (to verify)")
  String dbUrl;

  @Option(
      names = "--copy-db-url",
      required = true,
      description = "an empty database for the COPY limit")
  String copyDbUrl;

  @Option(names = "--spans", defaultValue = "2000000")
  int spans;

  @Option(names = "--grpc-spans", defaultValue = "500000")
  int grpcSpans;

  @Option(names = "--clients", defaultValue = "16")
  int clients;

  @Override
  public Integer call() throws Exception {
    System.err.printf("building %d + %d spans …%n", spans, grpcSpans);
    List<byte[]> http = SpanFactory.requests(spans, 1000, 11);
    List<byte[]> grpc = SpanFactory.requests(grpcSpans, 1000, 12);
    System.err.println("sending over OTLP/HTTP …");
    double httpRate = sendHttp(http);
    System.err.println("sending over OTLP/gRPC …");
    double grpcRate = sendGrpc(grpc);
    long stored;
    try (HikariDataSource db = LedgerDatabase.pool(dbUrl, null, null, 2);
        Connection c = db.getConnection();
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT count(*) FROM llm_calls")) {
      rs.next();
      stored = rs.getLong(1);
    }
    if (stored != (long) spans + grpcSpans) {
      throw new IllegalStateException("stored " + stored + " of " + (spans + grpcSpans) + " spans");
    }
    System.err.println("COPY limit on the same rows …");
    double copyRate = copyLimit(http);
    System.out.printf("ingest_spans_per_s=%.0f%n", httpRate);
    System.out.printf("ingest_grpc_spans_per_s=%.0f%n", grpcRate);
    System.out.printf("copy_limit_rows_per_s=%.0f%n", copyRate);
    System.out.printf("ratio=%.2f%n", httpRate / copyRate);
    System.out.printf("spans_stored=%d%n", stored);
    return 0;
  }

  private double sendHttp(List<byte[]> requests) throws Exception {
    HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    URI uri = URI.create("http://127.0.0.1:" + httpPort + "/v1/traces");
    ConcurrentLinkedQueue<byte[]> queue = new ConcurrentLinkedQueue<>(requests);
    AtomicLong acked = new AtomicLong();
    long t0 = System.nanoTime();
    run(
        () -> {
          byte[] body;
          while ((body = queue.poll()) != null) {
            while (true) {
              HttpResponse<Void> r =
                  client.send(
                      HttpRequest.newBuilder(uri)
                          .header("Content-Type", "application/x-protobuf")
                          .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                          .build(),
                      HttpResponse.BodyHandlers.discarding());
              if (r.statusCode() == 200) {
                acked.addAndGet(1000);
                break;
              }
              if (r.statusCode() != 503) {
                throw new IllegalStateException("HTTP " + r.statusCode());
              }
              Thread.sleep(20);
            }
          }
          return null;
        });
    return acked.get() / ((System.nanoTime() - t0) / 1e9);
  }

  private double sendGrpc(List<byte[]> requests) throws Exception {
    ManagedChannel channel =
        NettyChannelBuilder.forAddress("127.0.0.1", grpcPort)
            .usePlaintext()
            .maxInboundMessageSize(64 * 1024 * 1024)
            .build();
    var stub = TraceServiceGrpc.newBlockingStub(channel);
    ConcurrentLinkedQueue<byte[]> queue = new ConcurrentLinkedQueue<>(requests);
    AtomicLong acked = new AtomicLong();
    long t0 = System.nanoTime();
    run(
        () -> {
          byte[] body;
          while ((body = queue.poll()) != null) {
            ExportTraceServiceRequest request = ExportTraceServiceRequest.parseFrom(body);
            while (true) {
              try {
                stub.withDeadlineAfter(60, TimeUnit.SECONDS).export(request);
                acked.addAndGet(request.getResourceSpans(0).getScopeSpans(0).getSpansCount());
                break;
              } catch (io.grpc.StatusRuntimeException e) {
                if (e.getStatus().getCode() != io.grpc.Status.Code.UNAVAILABLE) {
                  throw e;
                }
                Thread.sleep(20);
              }
            }
          }
          return null;
        });
    double rate = acked.get() / ((System.nanoTime() - t0) / 1e9);
    channel.shutdownNow();
    return rate;
  }

  private void run(Callable<Void> worker) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(clients);
    List<Future<Void>> done = new ArrayList<>();
    for (int i = 0; i < clients; i++) {
      done.add(pool.submit(worker));
    }
    for (Future<Void> f : done) {
      f.get();
    }
    pool.shutdown();
  }

  /**
   * COPY of the same rows (converted exactly as the ingester does) into the ledger's table shape.
   */
  private double copyLimit(List<byte[]> requests) throws Exception {
    SpanConverter converter =
        new SpanConverter(IngestBenchmark::catalog, Clock.systemUTC(), false, null);
    try (HikariDataSource db = LedgerDatabase.pool(copyDbUrl, null, null, 4)) {
      Migrations.migrate(db);
      LocalDate today = LocalDate.now(ZoneOffset.UTC);
      new Partitions(db).ensure(today.minusDays(1), today.plusDays(1));
      ConcurrentLinkedQueue<byte[]> queue = new ConcurrentLinkedQueue<>(requests);
      AtomicLong rows = new AtomicLong();
      AtomicLong copyNanos = new AtomicLong();
      ExecutorService pool = Executors.newFixedThreadPool(2);
      List<Future<?>> done = new ArrayList<>();
      long wall0 = System.nanoTime();
      for (int t = 0; t < 2; t++) {
        done.add(
            pool.submit(
                () -> {
                  List<LedgerRow> batch = new ArrayList<>();
                  byte[] body;
                  while ((body = queue.poll()) != null) {
                    batch.addAll(
                        converter.convert(ExportTraceServiceRequest.parseFrom(body)).rows());
                    if (batch.size() >= 10_000 || queue.isEmpty()) {
                      long t0 = System.nanoTime();
                      try (Connection c = db.getConnection()) {
                        c.setAutoCommit(false);
                        CopyRows.copy(c, "llm_calls", batch);
                        c.commit();
                      }
                      copyNanos.addAndGet(System.nanoTime() - t0);
                      rows.addAndGet(batch.size());
                      batch.clear();
                    }
                  }
                  return null;
                }));
      }
      for (Future<?> f : done) {
        f.get();
      }
      pool.shutdown();
      // two threads copy in parallel: rows over the wall time spent copying (conversion excluded)
      double perThreadSeconds = copyNanos.get() / 2 / 1e9;
      System.err.printf(
          "copied %d rows; wall %.1f s%n", rows.get(), (System.nanoTime() - wall0) / 1e9);
      return rows.get() / perThreadSeconds;
    }
  }
}
