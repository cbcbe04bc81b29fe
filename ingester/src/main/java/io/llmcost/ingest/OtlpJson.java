package io.llmcost.ingest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.util.JsonFormat;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;

/**
 * OTLP/JSON: the protobuf JSON mapping except that trace and span ids are hex strings, not base64
 * (OTLP specification, "JSON Protobuf Encoding"). Unknown fields are ignored, as OTLP requires.
 */
public final class OtlpJson {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final JsonFormat.Parser PARSER = JsonFormat.parser().ignoringUnknownFields();
  private static final List<String> ID_FIELDS = List.of("traceId", "spanId", "parentSpanId");

  private OtlpJson() {}

  /** Parses an export request; throws {@link MalformedRequestException} saying what is wrong. */
  public static ExportTraceServiceRequest parse(byte[] body) {
    JsonNode root;
    try {
      root = JSON.readTree(body);
    } catch (java.io.IOException e) {
      throw new MalformedRequestException("body is not valid JSON: " + firstLine(e));
    }
    if (root == null || !root.isObject()) {
      throw new MalformedRequestException("body must be a JSON object with resourceSpans");
    }
    for (JsonNode resourceSpans : root.path("resourceSpans")) {
      for (JsonNode scopeSpans : resourceSpans.path("scopeSpans")) {
        for (JsonNode span : scopeSpans.path("spans")) {
          hexToBase64(span);
          for (JsonNode link : span.path("links")) {
            hexToBase64(link);
          }
        }
      }
    }
    ExportTraceServiceRequest.Builder builder = ExportTraceServiceRequest.newBuilder();
    try {
      PARSER.merge(JSON.writeValueAsString(root), builder);
    } catch (InvalidProtocolBufferException | JsonProcessingException e) {
      throw new MalformedRequestException("body is not an OTLP trace export: " + firstLine(e));
    }
    return builder.build();
  }

  private static void hexToBase64(JsonNode node) {
    if (!(node instanceof ObjectNode object)) {
      return;
    }
    for (String field : ID_FIELDS) {
      JsonNode value = object.get(field);
      if (value == null || value.isNull()) {
        continue;
      }
      if (!value.isTextual()) {
        throw new MalformedRequestException(field + " must be a hex string");
      }
      byte[] bytes;
      try {
        bytes = HexFormat.of().parseHex(value.asText());
      } catch (IllegalArgumentException e) {
        throw new MalformedRequestException(
            field + " \"" + value.asText() + "\" is not a hex string");
      }
      object.put(field, Base64.getEncoder().encodeToString(bytes));
    }
  }

  private static String firstLine(Exception e) {
    String m = String.valueOf(e.getMessage());
    int nl = m.indexOf('\n');
    return nl < 0 ? m : m.substring(0, nl);
  }
}
