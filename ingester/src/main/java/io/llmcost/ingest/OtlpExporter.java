package io.llmcost.ingest;

import io.opentelemetry.proto.collector.trace.v1.ExportTracePartialSuccess;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import java.util.concurrent.CompletableFuture;

/** The protocol-neutral part of an OTLP export: convert, queue, answer once committed. */
public final class OtlpExporter {
  private final SpanConverter converter;
  private final IngestPipeline pipeline;
  private final IngestObserver observer;

  /** The most spans one request may hold (bounds the memory a single request can take). */
  public static final int MAX_SPANS_PER_REQUEST = 50_000;

  public OtlpExporter(SpanConverter converter, IngestPipeline pipeline, IngestObserver observer) {
    this.converter = converter;
    this.pipeline = pipeline;
    this.observer = observer;
  }

  private static int spans(ExportTraceServiceRequest request) {
    int n = 0;
    for (var resourceSpans : request.getResourceSpansList()) {
      for (var scopeSpans : resourceSpans.getScopeSpansList()) {
        n += scopeSpans.getSpansCount();
      }
    }
    return n;
  }

  /**
   * Completes with the OTLP response once every accepted span is committed; fails with {@link
   * IngestUnavailableException} when nothing was stored and a retry may succeed.
   */
  public CompletableFuture<ExportTraceServiceResponse> export(ExportTraceServiceRequest request) {
    int spans = spans(request);
    if (spans > MAX_SPANS_PER_REQUEST) {
      throw new TooManySpansException(spans, MAX_SPANS_PER_REQUEST);
    }
    SpanConverter.Conversion conversion = converter.convert(request);
    return pipeline
        .submit(conversion.rows())
        .thenApply(
            committed -> {
              observer.spans(conversion.ignored(), conversion.rejected());
              ExportTraceServiceResponse.Builder response = ExportTraceServiceResponse.newBuilder();
              if (conversion.rejected() > 0) {
                response.setPartialSuccess(
                    ExportTracePartialSuccess.newBuilder()
                        .setRejectedSpans(conversion.rejected())
                        .setErrorMessage(conversion.rejectionMessage()));
              }
              return response.build();
            });
  }
}
