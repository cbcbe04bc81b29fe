package io.llmcost.ingest;

import static io.llmcost.ingest.OtlpSpans.attr;
import static org.assertj.core.api.Assertions.assertThat;

import io.llmcost.model.ServiceTier;
import io.opentelemetry.proto.common.v1.KeyValue;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every row of CONTRACT.md's attribution table, span before resource, and the bad-count cases. */
class AttributionTest {

  private static Attribution.Result read(List<KeyValue> span, List<KeyValue> resource) {
    return Attribution.read(
        new SpanAttributes(SpanAttributes.index(span), SpanAttributes.index(resource)));
  }

  private static Attribution.Call call(KeyValue... span) {
    List<KeyValue> attrs = new ArrayList<>(List.of(span));
    if (attrs.stream().noneMatch(kv -> kv.getKey().contains("model"))) {
      attrs.add(attr("gen_ai.request.model", "m"));
    }
    return (Attribution.Call) read(attrs, List.of());
  }

  static Stream<Arguments> modelKeys() {
    return Stream.of(
        Arguments.of("gen_ai.response.model"),
        Arguments.of("gen_ai.request.model"),
        Arguments.of("llm.response.model"),
        Arguments.of("llm.request.model"),
        Arguments.of("llm.model_name"));
  }

  @ParameterizedTest
  @MethodSource("modelKeys")
  void anyModelAttributeMakesAnLlmCall(String key) {
    assertThat(read(List.of(attr(key, "gpt-4o")), List.of()))
        .isInstanceOfSatisfying(
            Attribution.Call.class, c -> assertThat(c.model()).isEqualTo("gpt-4o"));
  }

  @Test
  void aSpanWithoutAModelIsNotAnLlmCall() {
    assertThat(
            read(
                List.of(attr("http.method", "GET"), attr("gen_ai.usage.input_tokens", 5)),
                List.of()))
        .isInstanceOf(Attribution.NotAnLlmCall.class);
  }

  @Test
  void theResponseModelIsPricedAndTheRequestModelKept() {
    Attribution.Call c =
        call(
            attr("gen_ai.request.model", "gpt-4o"),
            attr("gen_ai.response.model", "gpt-4o-2024-08-06"));
    assertThat(c.model()).isEqualTo("gpt-4o-2024-08-06");
    assertThat(c.requestModel()).isEqualTo("gpt-4o");
  }

  static Stream<Arguments> providerKeys() {
    return Stream.of(
        Arguments.of("gen_ai.provider.name"),
        Arguments.of("gen_ai.system"),
        Arguments.of("llm.system"),
        Arguments.of("llm.provider"));
  }

  @ParameterizedTest
  @MethodSource("providerKeys")
  void providerFromEachDialect(String key) {
    assertThat(call(attr(key, "OpenAI")).provider()).isEqualTo("openai");
  }

  @Test
  void providerAliasesAreCanonical() {
    assertThat(call(attr("gen_ai.provider.name", "aws.bedrock")).provider()).isEqualTo("bedrock");
  }

  static Stream<Arguments> tokenKeys() {
    return Stream.of(
        Arguments.of("gen_ai.usage.input_tokens", "input"),
        Arguments.of("gen_ai.usage.prompt_tokens", "input"),
        Arguments.of("llm.usage.prompt_tokens", "input"),
        Arguments.of("llm.token_count.prompt", "input"),
        Arguments.of("gen_ai.usage.output_tokens", "output"),
        Arguments.of("gen_ai.usage.completion_tokens", "output"),
        Arguments.of("llm.usage.completion_tokens", "output"),
        Arguments.of("llm.token_count.completion", "output"),
        Arguments.of("gen_ai.usage.cache_read.input_tokens", "cacheRead"),
        Arguments.of("gen_ai.usage.cache_read_input_tokens", "cacheRead"),
        Arguments.of("llm.token_count.prompt_details.cache_read", "cacheRead"),
        Arguments.of("gen_ai.usage.cache_write.input_tokens", "cacheWrite"),
        Arguments.of("gen_ai.usage.cache_creation.input_tokens", "cacheWrite"),
        Arguments.of("gen_ai.usage.cache_creation_input_tokens", "cacheWrite"),
        Arguments.of("llm.token_count.prompt_details.cache_write", "cacheWrite"),
        Arguments.of("gen_ai.usage.reasoning.output_tokens", "reasoning"),
        Arguments.of("llm.token_count.completion_details.reasoning", "reasoning"));
  }

  @ParameterizedTest
  @MethodSource("tokenKeys")
  void tokenCountsFromEachDialect(String key, String field) {
    // input 1000 and output 500 are always present so cached/reasoning counts fit inside them
    List<KeyValue> attrs = new ArrayList<>(List.of(attr("gen_ai.request.model", "m")));
    if (!field.equals("input")) {
      attrs.add(attr("gen_ai.usage.input_tokens", 1000));
    }
    if (!field.equals("output")) {
      attrs.add(attr("gen_ai.usage.output_tokens", 500));
    }
    attrs.add(attr(key, 123));
    Attribution.Call c = (Attribution.Call) read(attrs, List.of());
    long value =
        switch (field) {
          case "input" -> c.usage().input();
          case "output" -> c.usage().output();
          case "cacheRead" -> c.usage().cacheRead();
          case "cacheWrite" -> c.usage().cacheWrite();
          default -> c.usage().reasoning();
        };
    assertThat(value).isEqualTo(123);
  }

  @Test
  void theFirstListedKeyWins() {
    Attribution.Call c =
        call(attr("gen_ai.usage.prompt_tokens", 7), attr("gen_ai.usage.input_tokens", 9));
    assertThat(c.usage().input()).isEqualTo(9);
  }

  static Stream<Arguments> serviceTierKeys() {
    return Stream.of(
        Arguments.of("openai.request.service_tier"),
        Arguments.of("gen_ai.openai.request.service_tier"),
        Arguments.of("llmcost.service_tier"));
  }

  @ParameterizedTest
  @MethodSource("serviceTierKeys")
  void serviceTierFromEachKey(String key) {
    assertThat(call(attr(key, "flex")).usage().serviceTier()).isEqualTo(ServiceTier.FLEX);
    assertThat(call(attr(key, "auto")).usage().serviceTier()).isEqualTo(ServiceTier.STANDARD);
  }

  @Test
  void oneHourCacheWrites() {
    assertThat(call(attr("llmcost.cache_write_ttl", "1h")).usage().cacheWriteOneHour()).isTrue();
    assertThat(call().usage().cacheWriteOneHour()).isFalse();
  }

  static Stream<Arguments> scopeKeys() {
    return Stream.of(
        Arguments.of("k8s.namespace.name", "namespace"),
        Arguments.of("service.name", "application"),
        Arguments.of("enduser.id", "user"),
        Arguments.of("user.id", "user"),
        Arguments.of("gen_ai.user.id", "user"),
        Arguments.of("llm.user", "user"));
  }

  @ParameterizedTest
  @MethodSource("scopeKeys")
  void namespaceApplicationAndUserFromSpanOrResource(String key, String field) {
    for (boolean onResource : new boolean[] {false, true}) {
      List<KeyValue> span = new ArrayList<>(List.of(attr("gen_ai.request.model", "m")));
      List<KeyValue> resource = new ArrayList<>();
      (onResource ? resource : span).add(attr(key, "x-" + onResource));
      Attribution.Call c = (Attribution.Call) read(span, resource);
      String value =
          switch (field) {
            case "namespace" -> c.namespace();
            case "application" -> c.application();
            default -> c.user();
          };
      assertThat(value).isEqualTo("x-" + onResource);
    }
  }

  @Test
  void spanAttributesComeBeforeResourceAttributes() {
    Attribution.Call c =
        (Attribution.Call)
            read(
                List.of(attr("gen_ai.request.model", "m"), attr("llm.user", "from-span")),
                List.of(attr("enduser.id", "from-resource"), attr("service.name", "app")));
    // the span's deprecated key beats the resource's preferred one
    assertThat(c.user()).isEqualTo("from-span");
    assertThat(c.application()).isEqualTo("app");
  }

  @Test
  void anthropicStyleUncachedInputIsRaisedToCoverTheCache() {
    Attribution.Call c =
        call(
            attr("gen_ai.usage.input_tokens", 10),
            attr("gen_ai.usage.cache_read.input_tokens", 3000),
            attr("gen_ai.usage.cache_creation.input_tokens", 200));
    assertThat(c.usage().input()).isEqualTo(3200);
    assertThat(c.usage().uncachedInput()).isZero();
  }

  @Test
  void countsSentAsStringsOrWholeDoublesAreRead() {
    Attribution.Call c =
        call(attr("gen_ai.usage.input_tokens", "42"), attr("gen_ai.usage.output_tokens", 7.0));
    assertThat(c.usage().input()).isEqualTo(42);
    assertThat(c.usage().output()).isEqualTo(7);
  }

  @Test
  void unusableCountsRejectTheSpanWithTheReason() {
    assertThat(
            read(
                List.of(attr("gen_ai.request.model", "m"), attr("gen_ai.usage.input_tokens", -5)),
                List.of()))
        .isEqualTo(new Attribution.Unusable("gen_ai.usage.input_tokens is negative (-5)"));
    assertThat(
            read(
                List.of(
                    attr("gen_ai.request.model", "m"),
                    attr("gen_ai.usage.output_tokens", 5_000_000_000L)),
                List.of()))
        .isInstanceOfSatisfying(
            Attribution.Unusable.class,
            u -> assertThat(u.reason()).contains("gen_ai.usage.output_tokens is 5000000000"));
    assertThat(
            read(
                List.of(attr("gen_ai.request.model", "m"), attr("llm.token_count.prompt", "lots")),
                List.of()))
        .isInstanceOfSatisfying(
            Attribution.Unusable.class,
            u -> assertThat(u.reason()).startsWith("llm.token_count.prompt is not a number"));
    assertThat(
            read(
                List.of(attr("gen_ai.request.model", "m"), attr("gen_ai.usage.input_tokens", 1.5)),
                List.of()))
        .isEqualTo(
            new Attribution.Unusable("gen_ai.usage.input_tokens is not a whole number (1.5)"));
  }

  @Test
  void overlongNamesRejectTheSpan() {
    assertThat(read(List.of(attr("gen_ai.request.model", "m".repeat(257))), List.of()))
        .isEqualTo(new Attribution.Unusable("model is 257 characters long, more than 256"));
    assertThat(
            read(
                List.of(attr("gen_ai.request.model", "m")),
                List.of(attr("service.name", "a".repeat(300)))))
        .isEqualTo(new Attribution.Unusable("application is 300 characters long, more than 256"));
  }
}
