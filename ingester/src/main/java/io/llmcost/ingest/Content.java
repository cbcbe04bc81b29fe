package io.llmcost.ingest;

import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.trace.v1.Span;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Prompt and response content as the dialects carry it: GenAI semconv (gen_ai.input.messages,
 * gen_ai.output.messages, gen_ai.system_instructions, the older gen_ai.prompt.* and
 * gen_ai.completion.* and the gen_ai.content.* events), OpenInference (llm.input_messages.*,
 * llm.output_messages.*, input.value, output.value) and OpenLLMetry (traceloop.entity.*). Content
 * is never kept among a row's attributes; it is stored, redacted, only when asked for.
 */
final class Content {
  private static final List<String> PROMPT_PREFIXES =
      List.of(
          "gen_ai.input.messages",
          "gen_ai.system_instructions",
          "gen_ai.prompt",
          "llm.input_messages",
          "llm.prompts",
          "llm.prompt_template",
          "input.value",
          "traceloop.entity.input");
  private static final List<String> RESPONSE_PREFIXES =
      List.of(
          "gen_ai.output.messages",
          "gen_ai.completion",
          "llm.output_messages",
          "llm.completions",
          "output.value",
          "traceloop.entity.output");
  private static final String PROMPT_EVENT = "gen_ai.content.prompt";
  private static final String COMPLETION_EVENT = "gen_ai.content.completion";

  private Content() {}

  /** Whether an attribute holds prompt or response content. */
  static boolean isContent(String key) {
    return matches(key, PROMPT_PREFIXES) || matches(key, RESPONSE_PREFIXES);
  }

  /** The span's prompt text (attributes then events, in key order), redacted; null if none. */
  static String prompt(Span span) {
    return collect(span, PROMPT_PREFIXES, PROMPT_EVENT);
  }

  /** The span's response text, redacted; null if none. */
  static String response(Span span) {
    return collect(span, RESPONSE_PREFIXES, COMPLETION_EVENT);
  }

  private static String collect(Span span, List<String> prefixes, String eventName) {
    Map<String, String> parts = new TreeMap<>();
    addMatching(parts, span.getAttributesList(), prefixes, "");
    for (Span.Event event : span.getEventsList()) {
      if (event.getName().equals(eventName)) {
        addMatching(parts, event.getAttributesList(), prefixes, event.getName() + "/");
      }
    }
    if (parts.isEmpty()) {
      return null;
    }
    return Redactor.redact(String.join("\n", parts.values()));
  }

  private static void addMatching(
      Map<String, String> parts, List<KeyValue> attributes, List<String> prefixes, String scope) {
    for (KeyValue kv : attributes) {
      if (matches(kv.getKey(), prefixes)) {
        String text = text(kv.getValue());
        if (text != null && !text.isEmpty()) {
          parts.put(scope + kv.getKey(), text);
        }
      }
    }
  }

  private static String text(AnyValue value) {
    if (value.hasArrayValue()) {
      StringBuilder sb = new StringBuilder();
      for (AnyValue v : value.getArrayValue().getValuesList()) {
        String t = text(v);
        if (t != null) {
          sb.append(sb.isEmpty() ? "" : "\n").append(t);
        }
      }
      return sb.toString();
    }
    return SpanAttributes.render(value);
  }

  private static boolean matches(String key, List<String> prefixes) {
    for (String prefix : prefixes) {
      if (key.equals(prefix)
          || key.startsWith(prefix)
              && key.length() > prefix.length()
              && key.charAt(prefix.length()) == '.') {
        return true;
      }
    }
    return false;
  }
}
