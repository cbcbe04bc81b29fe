package io.llmcost.bench;

import io.llmcost.ingest.SpanConverter;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Per-span cost of the ingester's CPU work, without network or database: OTLP protobuf decode,
 * attribution of the four dialects, pricing from the catalog, ledger-row building. Each invocation
 * handles one request of {@value #SPANS_PER_REQUEST} spans, so the scores are per span. Run: {@code
 * java -cp bench/target/llm-cost-bench.jar org.openjdk.jmh.Main SpanPipeline}.
 */
@State(Scope.Benchmark)
@BenchmarkMode({Mode.AverageTime, Mode.Throughput})
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class SpanPipelineBenchmark {
  static final int SPANS_PER_REQUEST = 1000;

  private List<byte[]> bodies;
  private List<ExportTraceServiceRequest> decoded;
  private SpanConverter converter;
  private int next;

  @Setup(Level.Trial)
  public void setUp() throws Exception {
    bodies = SpanFactory.requests(64 * SPANS_PER_REQUEST, SPANS_PER_REQUEST, 7);
    decoded = bodies.stream().map(SpanPipelineBenchmark::parse).toList();
    converter = new SpanConverter(IngestBenchmark::catalog, Clock.systemUTC(), false, null);
  }

  private static ExportTraceServiceRequest parse(byte[] body) {
    try {
      return ExportTraceServiceRequest.parseFrom(body);
    } catch (com.google.protobuf.InvalidProtocolBufferException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Decode, attribute, price and build rows. */
  @Benchmark
  @OperationsPerInvocation(SPANS_PER_REQUEST)
  public void decodeAttributePrice(Blackhole out) throws Exception {
    byte[] body = bodies.get(next++ & 63);
    out.consume(converter.convert(ExportTraceServiceRequest.parseFrom(body)).rows());
  }

  /** OTLP protobuf decode alone. */
  @Benchmark
  @OperationsPerInvocation(SPANS_PER_REQUEST)
  public void decode(Blackhole out) throws Exception {
    out.consume(ExportTraceServiceRequest.parseFrom(bodies.get(next++ & 63)));
  }

  /** Attribution and pricing of already decoded spans. */
  @Benchmark
  @OperationsPerInvocation(SPANS_PER_REQUEST)
  public void attributePrice(Blackhole out) {
    out.consume(converter.convert(decoded.get(next++ & 63)).rows());
  }
}
