package io.llmcost.ingest;

import io.llmcost.model.ServiceTier;
import io.llmcost.model.TokenUsage;
import io.llmcost.pricing.ProviderNames;
import io.opentelemetry.proto.common.v1.AnyValue;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;

/**
 * Reads an LLM call out of a span's attributes, in every dialect CONTRACT.md lists (GenAI semantic
 * conventions old and new, OpenLLMetry's llm.*, OpenInference's llm.token_count.*); for each field
 * the first key found wins, span before resource.
 */
final class Attribution {
  static final List<String> RESPONSE_MODEL = List.of("gen_ai.response.model", "llm.response.model");
  static final List<String> REQUEST_MODEL =
      List.of("gen_ai.request.model", "llm.request.model", "llm.model_name");
  static final List<String> PROVIDER =
      List.of("gen_ai.provider.name", "gen_ai.system", "llm.system", "llm.provider");
  static final List<String> INPUT_TOKENS =
      List.of(
          "gen_ai.usage.input_tokens",
          "gen_ai.usage.prompt_tokens",
          "llm.usage.prompt_tokens",
          "llm.token_count.prompt");
  static final List<String> OUTPUT_TOKENS =
      List.of(
          "gen_ai.usage.output_tokens",
          "gen_ai.usage.completion_tokens",
          "llm.usage.completion_tokens",
          "llm.token_count.completion");
  static final List<String> CACHE_READ_TOKENS =
      List.of(
          "gen_ai.usage.cache_read.input_tokens",
          "gen_ai.usage.cache_read_input_tokens",
          "llm.token_count.prompt_details.cache_read");
  static final List<String> CACHE_WRITE_TOKENS =
      List.of(
          "gen_ai.usage.cache_write.input_tokens",
          "gen_ai.usage.cache_creation.input_tokens",
          "gen_ai.usage.cache_creation_input_tokens",
          "llm.token_count.prompt_details.cache_write");
  static final List<String> REASONING_TOKENS =
      List.of(
          "gen_ai.usage.reasoning.output_tokens", "llm.token_count.completion_details.reasoning");
  static final List<String> SERVICE_TIER =
      List.of(
          "openai.request.service_tier",
          "gen_ai.openai.request.service_tier",
          "llmcost.service_tier");
  static final List<String> CACHE_WRITE_TTL = List.of("llmcost.cache_write_ttl");
  static final List<String> NAMESPACE = List.of("k8s.namespace.name");
  static final List<String> APPLICATION = List.of("service.name");
  static final List<String> USER = List.of("enduser.id", "user.id", "gen_ai.user.id", "llm.user");

  /** Every key read into a ledger column; the row's attributes JSON leaves them out. */
  static final java.util.Set<String> COLUMN_KEYS =
      java.util.stream.Stream.of(
              RESPONSE_MODEL,
              REQUEST_MODEL,
              PROVIDER,
              INPUT_TOKENS,
              OUTPUT_TOKENS,
              CACHE_READ_TOKENS,
              CACHE_WRITE_TOKENS,
              REASONING_TOKENS,
              SERVICE_TIER,
              CACHE_WRITE_TTL,
              NAMESPACE,
              APPLICATION,
              USER)
          .flatMap(List::stream)
          .collect(java.util.stream.Collectors.toUnmodifiableSet());

  /**
   * No call reports more tokens than this in one count; a larger value is a broken instrumentation
   * (or an attack on the ledger's sums), so the span is rejected rather than priced.
   */
  static final long MAX_TOKENS = 100_000_000L;

  /** Longest model, provider, namespace, application or user name accepted as a ledger key. */
  static final int MAX_NAME_LENGTH = 256;

  private Attribution() {}

  /** What a span turned out to be. */
  sealed interface Result {}

  /** A span without a model attribute: not an LLM call. */
  record NotAnLlmCall() implements Result {}

  /** An LLM call span whose attributes can't be used, and why. */
  record Unusable(String reason) implements Result {}

  /** An LLM call, ready to price. */
  record Call(
      String model,
      String requestModel,
      String provider,
      TokenUsage usage,
      String namespace,
      String application,
      String user)
      implements Result {}

  static Result read(SpanAttributes a) {
    String responseModel = a.text(RESPONSE_MODEL);
    String requestModel = a.text(REQUEST_MODEL);
    if (responseModel == null && requestModel == null) {
      return new NotAnLlmCall();
    }
    long[] tokens = new long[5];
    List<List<String>> fields =
        List.of(
            INPUT_TOKENS, OUTPUT_TOKENS, CACHE_READ_TOKENS, CACHE_WRITE_TOKENS, REASONING_TOKENS);
    for (int i = 0; i < tokens.length; i++) {
      Map.Entry<String, AnyValue> found = a.first(fields.get(i));
      if (found == null) {
        continue;
      }
      String problem = tokenProblem(found.getKey(), found.getValue());
      if (problem != null) {
        return new Unusable(problem);
      }
      tokens[i] = tokenCount(found.getValue());
    }
    TokenUsage usage =
        new TokenUsage(
                tokens[0],
                tokens[1],
                tokens[2],
                tokens[3],
                tokens[4],
                ServiceTier.fromAttribute(a.text(SERVICE_TIER)),
                "1h".equalsIgnoreCase(a.text(CACHE_WRITE_TTL)))
            .normalized();
    String provider = ProviderNames.canonical(a.text(PROVIDER));
    Map<String, String> names = new java.util.LinkedHashMap<>();
    names.put("model", responseModel != null ? responseModel : requestModel);
    names.put("request model", requestModel);
    names.put("provider", provider);
    names.put("namespace", a.text(NAMESPACE));
    names.put("application", a.text(APPLICATION));
    names.put("user", a.text(USER));
    for (Map.Entry<String, String> name : names.entrySet()) {
      if (name.getValue() != null && name.getValue().length() > MAX_NAME_LENGTH) {
        return new Unusable(
            name.getKey()
                + " is "
                + name.getValue().length()
                + " characters long, more than "
                + MAX_NAME_LENGTH);
      }
    }
    return new Call(
        responseModel != null ? responseModel : requestModel,
        requestModel,
        provider == null ? "" : provider,
        usage,
        orEmpty(a.text(NAMESPACE)),
        orEmpty(a.text(APPLICATION)),
        orEmpty(a.text(USER)));
  }

  private static String orEmpty(String s) {
    return s == null ? "" : s;
  }

  /** Why a token count attribute is unusable, or null when it is a count we accept. */
  private static String tokenProblem(String key, AnyValue value) {
    BigDecimal number = number(value);
    if (number == null) {
      return key + " is not a number: " + value.toString().strip();
    }
    if (number.signum() < 0) {
      return key + " is negative (" + number.toPlainString() + ")";
    }
    if (number.stripTrailingZeros().scale() > 0) {
      return key + " is not a whole number (" + number.toPlainString() + ")";
    }
    if (number.compareTo(BigDecimal.valueOf(MAX_TOKENS)) > 0) {
      return key
          + " is "
          + number.toPlainString()
          + ", more than the "
          + MAX_TOKENS
          + " tokens any single call can report";
    }
    return null;
  }

  private static long tokenCount(AnyValue value) {
    return number(value).longValueExact();
  }

  private static BigDecimal number(AnyValue value) {
    try {
      return switch (value.getValueCase()) {
        case INT_VALUE -> BigDecimal.valueOf(value.getIntValue());
        case DOUBLE_VALUE ->
            Double.isFinite(value.getDoubleValue())
                ? BigDecimal.valueOf(value.getDoubleValue())
                : null;
        case STRING_VALUE -> new BigDecimal(value.getStringValue().trim());
        default -> null;
      };
    } catch (NumberFormatException e) {
      return null;
    }
  }
}
