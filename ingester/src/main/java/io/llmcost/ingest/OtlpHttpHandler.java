package io.llmcost.ingest;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import com.google.protobuf.util.JsonFormat;
import com.google.rpc.Code;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import io.undertow.util.Methods;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * OTLP/HTTP {@code POST /v1/traces}: binary protobuf or JSON, optionally gzip-encoded. Errors carry
 * a google.rpc.Status in the request's encoding, as the OTLP specification asks.
 */
public final class OtlpHttpHandler implements HttpHandler {
  static final String PATH = "/v1/traces";
  private static final String PROTOBUF = "application/x-protobuf";
  private static final String JSON = "application/json";

  private final OtlpExporter exporter;
  private final IngestObserver observer;
  private final BearerToken token;
  private final int maxBodyBytes;

  /**
   * @param token required bearer token, or null when authentication is off
   * @param maxBodyBytes largest body accepted, before and after decompression
   */
  public OtlpHttpHandler(
      OtlpExporter exporter, IngestObserver observer, BearerToken token, int maxBodyBytes) {
    this.exporter = exporter;
    this.observer = observer;
    this.token = token;
    this.maxBodyBytes = maxBodyBytes;
  }

  private static final class HttpError extends RuntimeException {
    final int status;
    final Code code;

    HttpError(int status, Code code, String message) {
      super(message);
      this.status = status;
      this.code = code;
    }
  }

  @Override
  public void handleRequest(HttpServerExchange exchange) throws Exception {
    if (exchange.isInIoThread()) {
      exchange.dispatch(this);
      return;
    }
    exchange.startBlocking();
    boolean json = isJson(exchange);
    try {
      ExportTraceServiceResponse response = handle(exchange, json);
      observer.request("http", "ok");
      send(exchange, 200, response, json);
    } catch (HttpError e) {
      observer.request("http", outcome(e.status));
      if (e.status == 503) {
        exchange
            .getResponseHeaders()
            .put(Headers.RETRY_AFTER, Long.toString(OtlpGrpcService.RETRY_AFTER.toSeconds()));
      }
      send(
          exchange,
          e.status,
          com.google.rpc.Status.newBuilder()
              .setCode(e.code.getNumber())
              .setMessage(e.getMessage())
              .build(),
          json);
    }
  }

  private ExportTraceServiceResponse handle(HttpServerExchange exchange, boolean json) {
    if (!PATH.equals(exchange.getRequestPath())) {
      throw new HttpError(404, Code.NOT_FOUND, "only " + PATH + " is served on this port");
    }
    if (!Methods.POST.equals(exchange.getRequestMethod())) {
      exchange.getResponseHeaders().put(Headers.ALLOW, "POST");
      throw new HttpError(405, Code.UNIMPLEMENTED, PATH + " takes POST");
    }
    if (token != null
        && !token.accepts(exchange.getRequestHeaders().getFirst(Headers.AUTHORIZATION))) {
      throw new HttpError(401, Code.UNAUTHENTICATED, "missing or wrong bearer token");
    }
    String contentType = mediaType(exchange);
    if (!PROTOBUF.equals(contentType) && !JSON.equals(contentType)) {
      throw new HttpError(
          415,
          Code.INVALID_ARGUMENT,
          "Content-Type must be " + PROTOBUF + " or " + JSON + ", got " + contentType);
    }
    byte[] body = readBody(exchange);
    ExportTraceServiceRequest request;
    try {
      request = json ? OtlpJson.parse(body) : ExportTraceServiceRequest.parseFrom(body);
    } catch (InvalidProtocolBufferException e) {
      throw new HttpError(
          400, Code.INVALID_ARGUMENT, "body is not an OTLP trace export: " + e.getMessage());
    } catch (MalformedRequestException e) {
      throw new HttpError(400, Code.INVALID_ARGUMENT, e.getMessage());
    }
    try {
      return exporter.export(request).get();
    } catch (IngestUnavailableException e) {
      throw new HttpError(503, Code.UNAVAILABLE, e.getMessage());
    } catch (TooManySpansException e) {
      throw new HttpError(413, Code.RESOURCE_EXHAUSTED, e.getMessage());
    } catch (ExecutionException | CompletionException e) {
      if (e.getCause() instanceof IngestUnavailableException u) {
        throw new HttpError(503, Code.UNAVAILABLE, u.getMessage());
      }
      throw new HttpError(
          500, Code.INTERNAL, "the batch could not be stored: " + e.getCause().getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new HttpError(503, Code.UNAVAILABLE, "ingester is shutting down; retry");
    }
  }

  private byte[] readBody(HttpServerExchange exchange) {
    long declared = exchange.getRequestContentLength();
    if (declared > maxBodyBytes) {
      throw tooLarge();
    }
    String encoding = exchange.getRequestHeaders().getFirst(Headers.CONTENT_ENCODING);
    try {
      byte[] raw = readAtMost(exchange.getInputStream());
      if (encoding == null || encoding.isBlank() || encoding.equalsIgnoreCase("identity")) {
        return raw;
      }
      if (!encoding.equalsIgnoreCase("gzip")) {
        throw new HttpError(
            415,
            Code.INVALID_ARGUMENT,
            "Content-Encoding " + encoding + " is not supported; use gzip");
      }
      try (InputStream gunzip = new GZIPInputStream(new java.io.ByteArrayInputStream(raw))) {
        return readAtMost(gunzip);
      }
    } catch (io.undertow.server.RequestTooBigException e) {
      throw tooLarge();
    } catch (ZipException e) {
      throw new HttpError(400, Code.INVALID_ARGUMENT, "body is not valid gzip: " + e.getMessage());
    } catch (IOException e) {
      throw new HttpError(400, Code.INVALID_ARGUMENT, "cannot read the body: " + e.getMessage());
    }
  }

  private byte[] readAtMost(InputStream in) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    byte[] buffer = new byte[64 * 1024];
    int n;
    while ((n = in.read(buffer)) > 0) {
      if (out.size() + n > maxBodyBytes) {
        throw tooLarge();
      }
      out.write(buffer, 0, n);
    }
    return out.toByteArray();
  }

  private HttpError tooLarge() {
    return new HttpError(
        413,
        Code.RESOURCE_EXHAUSTED,
        "body larger than " + maxBodyBytes + " bytes; send smaller batches");
  }

  private static void send(HttpServerExchange exchange, int status, Message message, boolean json) {
    exchange.setStatusCode(status);
    byte[] bytes;
    if (json) {
      try {
        bytes = JsonFormat.printer().print(message).getBytes(StandardCharsets.UTF_8);
      } catch (InvalidProtocolBufferException e) {
        throw new IllegalStateException(e);
      }
    } else {
      bytes = message.toByteArray();
    }
    exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, json ? JSON : PROTOBUF);
    exchange.getResponseSender().send(ByteBuffer.wrap(bytes));
  }

  private static String mediaType(HttpServerExchange exchange) {
    String value = exchange.getRequestHeaders().getFirst(Headers.CONTENT_TYPE);
    if (value == null) {
      return "nothing";
    }
    int semicolon = value.indexOf(';');
    return (semicolon < 0 ? value : value.substring(0, semicolon)).trim().toLowerCase(Locale.ROOT);
  }

  private static boolean isJson(HttpServerExchange exchange) {
    return JSON.equals(mediaType(exchange));
  }

  private static String outcome(int status) {
    return switch (status) {
      case 400, 415 -> "invalid";
      case 401 -> "unauthenticated";
      case 413 -> "too_large";
      case 503 -> "unavailable";
      default -> "error";
    };
  }
}
