package io.llmcost.ingest;

import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;

/**
 * A span's attributes in front of its resource's: a lookup tries every listed key on the span
 * first, then every listed key on the resource.
 */
final class SpanAttributes {
  private final Map<String, AnyValue> span;
  private final Map<String, AnyValue> resource;

  SpanAttributes(Map<String, AnyValue> span, Map<String, AnyValue> resource) {
    this.span = span;
    this.resource = resource;
  }

  static Map<String, AnyValue> index(List<KeyValue> attributes) {
    Map<String, AnyValue> map = new HashMap<>(attributes.size() * 2);
    for (KeyValue kv : attributes) {
      map.putIfAbsent(kv.getKey(), kv.getValue());
    }
    return map;
  }

  /** The first of the keys present, with its value; null when none is. */
  Map.Entry<String, AnyValue> first(List<String> keys) {
    for (Map<String, AnyValue> scope : List.of(span, resource)) {
      for (String key : keys) {
        AnyValue value = scope.get(key);
        if (value != null && value.getValueCase() != AnyValue.ValueCase.VALUE_NOT_SET) {
          return Map.entry(key, value);
        }
      }
    }
    return null;
  }

  /** The first of the keys present as text (numbers and booleans rendered), else null. */
  String text(List<String> keys) {
    Map.Entry<String, AnyValue> found = first(keys);
    if (found == null) {
      return null;
    }
    String text = render(found.getValue());
    return text == null || text.isBlank() ? null : text;
  }

  /** Every attribute, resource ones first so that the span's win when both hold a key. */
  void forEach(BiConsumer<String, AnyValue> action) {
    resource.forEach(
        (k, v) -> {
          if (!span.containsKey(k)) {
            action.accept(k, v);
          }
        });
    span.forEach(action);
  }

  static String render(AnyValue value) {
    return switch (value.getValueCase()) {
      case STRING_VALUE -> value.getStringValue();
      case INT_VALUE -> Long.toString(value.getIntValue());
      case DOUBLE_VALUE -> Double.toString(value.getDoubleValue());
      case BOOL_VALUE -> Boolean.toString(value.getBoolValue());
      default -> null;
    };
  }
}
