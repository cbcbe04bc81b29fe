package io.llmcost.ingest;

import com.google.protobuf.Any;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.util.Durations;
import com.google.rpc.Code;
import com.google.rpc.RetryInfo;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.ServerServiceDefinition;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.ProtoUtils;
import io.grpc.protobuf.StatusProto;
import io.grpc.stub.ServerCalls;
import io.grpc.stub.StreamObserver;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import io.opentelemetry.proto.collector.trace.v1.TraceServiceGrpc;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.concurrent.CompletionException;

/**
 * OTLP/gRPC {@code TraceService/Export}. The request arrives as raw bytes and is parsed here, so a
 * malformed message is answered INVALID_ARGUMENT with the parser's reason (grpc-java's generated
 * service would answer INTERNAL).
 */
public final class OtlpGrpcService {
  static final Duration RETRY_AFTER = Duration.ofSeconds(2);
  private static final Metadata.Key<String> AUTHORIZATION =
      Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER);

  private final OtlpExporter exporter;
  private final IngestObserver observer;

  public OtlpGrpcService(OtlpExporter exporter, IngestObserver observer) {
    this.exporter = exporter;
    this.observer = observer;
  }

  /** The service definition to add to a gRPC server. */
  public ServerServiceDefinition definition() {
    MethodDescriptor<byte[], ExportTraceServiceResponse> method =
        TraceServiceGrpc.getExportMethod().toBuilder(
                new RawBytes(),
                ProtoUtils.marshaller(ExportTraceServiceResponse.getDefaultInstance()))
            .build();
    return ServerServiceDefinition.builder(TraceServiceGrpc.SERVICE_NAME)
        .addMethod(method, ServerCalls.asyncUnaryCall(this::export))
        .build();
  }

  private void export(byte[] body, StreamObserver<ExportTraceServiceResponse> response) {
    ExportTraceServiceRequest request;
    try {
      request = ExportTraceServiceRequest.parseFrom(body);
    } catch (InvalidProtocolBufferException e) {
      observer.request("grpc", "invalid");
      response.onError(
          Status.INVALID_ARGUMENT
              .withDescription("body is not an OTLP trace export: " + e.getMessage())
              .asRuntimeException());
      return;
    }
    try {
      exporter
          .export(request)
          .whenComplete(
              (ok, failure) -> {
                if (failure == null) {
                  observer.request("grpc", "ok");
                  response.onNext(ok);
                  response.onCompleted();
                } else {
                  response.onError(toStatus(unwrap(failure)));
                }
              });
    } catch (RuntimeException e) {
      response.onError(toStatus(e));
    }
  }

  private StatusRuntimeException toStatus(Throwable failure) {
    if (failure instanceof TooManySpansException) {
      observer.request("grpc", "too_large");
      return Status.RESOURCE_EXHAUSTED.withDescription(failure.getMessage()).asRuntimeException();
    }
    if (failure instanceof IngestUnavailableException) {
      observer.request("grpc", "unavailable");
      com.google.rpc.Status status =
          com.google.rpc.Status.newBuilder()
              .setCode(Code.UNAVAILABLE_VALUE)
              .setMessage(failure.getMessage())
              .addDetails(
                  Any.pack(
                      RetryInfo.newBuilder()
                          .setRetryDelay(Durations.fromSeconds(RETRY_AFTER.toSeconds()))
                          .build()))
              .build();
      return StatusProto.toStatusRuntimeException(status);
    }
    observer.request("grpc", "error");
    return Status.INTERNAL
        .withDescription("the batch could not be stored: " + failure.getMessage())
        .asRuntimeException();
  }

  private static Throwable unwrap(Throwable t) {
    return t instanceof CompletionException && t.getCause() != null ? t.getCause() : t;
  }

  /** Refuses calls without the bearer token (UNAUTHENTICATED). */
  public static ServerInterceptor authInterceptor(BearerToken token, IngestObserver observer) {
    return new ServerInterceptor() {
      @Override
      public <Q, R> ServerCall.Listener<Q> interceptCall(
          ServerCall<Q, R> call, Metadata headers, ServerCallHandler<Q, R> next) {
        if (!token.accepts(headers.get(AUTHORIZATION))) {
          observer.request("grpc", "unauthenticated");
          call.close(
              Status.UNAUTHENTICATED.withDescription(
                  "missing or wrong bearer token in the authorization metadata"),
              new Metadata());
          return new ServerCall.Listener<>() {};
        }
        return next.startCall(call, headers);
      }
    };
  }

  /** Passes a gRPC message through as bytes (tests use it to send malformed messages too). */
  public static final class RawBytes implements MethodDescriptor.Marshaller<byte[]> {
    @Override
    public InputStream stream(byte[] value) {
      return new ByteArrayInputStream(value);
    }

    @Override
    public byte[] parse(InputStream stream) {
      try {
        return stream.readAllBytes();
      } catch (IOException e) {
        throw Status.INTERNAL
            .withDescription("cannot read request")
            .withCause(e)
            .asRuntimeException();
      }
    }
  }
}
