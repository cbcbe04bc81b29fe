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

  public OtlpExporter(SpanConverter converter, IngestPipeline pipeline, IngestObserver observer) {
    this.converter = converter;
    this.pipeline = pipeline;
    this.observer = observer;
  }

  /**
   * Completes with the OTLP response once every accepted span is committed; fails with {@link
   * IngestUnavailableException} when nothing was stored and a retry may succeed.
   */
  public CompletableFuture<ExportTraceServiceResponse> export(ExportTraceServiceRequest request) {
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
