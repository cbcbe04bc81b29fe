package io.llmcost.actions;

import java.io.StringReader;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;

/**
 * Edits a YAML document in place: the parser (SnakeYAML) finds where each node is, and only those
 * characters change, so comments, order, quoting and formatting of everything else survive, and
 * edits others made to other parts of the document are kept.
 */
final class YamlTextEditor {
  private static final Pattern PLAIN_SAFE = Pattern.compile("[A-Za-z][A-Za-z0-9_./:@-]*");
  private static final Pattern PLAIN_UNSAFE =
      Pattern.compile("(?i)true|false|yes|no|on|off|null|~|[0-9].*");

  private record Edit(int start, int end, String text) {}

  private final String text;
  private final List<Edit> edits = new ArrayList<>();

  YamlTextEditor(String text) {
    this.text = text;
  }

  /** The document's root node; null for an empty document. */
  Node root() {
    return new Yaml(new LoaderOptions()).compose(new StringReader(text));
  }

  /** The value node of a key in a mapping, or null. */
  static Node get(Node mapping, String key) {
    NodeTuple tuple = tuple(mapping, key);
    return tuple == null ? null : tuple.getValueNode();
  }

  static String scalar(Node node) {
    return node instanceof ScalarNode s ? s.getValue() : null;
  }

  private static NodeTuple tuple(Node mapping, String key) {
    if (!(mapping instanceof MappingNode m)) {
      return null;
    }
    for (NodeTuple t : m.getValue()) {
      if (key.equals(scalar(t.getKeyNode()))) {
        return t;
      }
    }
    return null;
  }

  /** Sets a key of a mapping to a string value, inserting the key if absent; null removes it. */
  void set(MappingNode mapping, String key, String value) {
    NodeTuple existing = tuple(mapping, key);
    if (existing != null && value != null) {
      Node v = existing.getValueNode();
      edits.add(
          new Edit(
              offset(v.getStartMark().getIndex()),
              offset(v.getEndMark().getIndex()),
              render(value)));
    } else if (existing != null) {
      remove(mapping, existing);
    } else if (value != null) {
      insert(mapping, key, value);
    }
  }

  private void insert(MappingNode mapping, String key, String value) {
    String entry = key + ": " + render(value);
    if (mapping.getFlowStyle() == DumperOptions.FlowStyle.FLOW) {
      int close = offset(mapping.getEndMark().getIndex()) - 1; // the closing brace
      edits.add(new Edit(close, close, mapping.getValue().isEmpty() ? entry : ", " + entry));
      return;
    }
    NodeTuple last = mapping.getValue().get(mapping.getValue().size() - 1);
    int column = mapping.getValue().get(0).getKeyNode().getStartMark().getColumn();
    int lineEnd = text.indexOf('\n', offset(last.getValueNode().getEndMark().getIndex()));
    int at = lineEnd < 0 ? text.length() : lineEnd;
    edits.add(new Edit(at, at, "\n" + " ".repeat(column) + entry));
  }

  private void remove(MappingNode mapping, NodeTuple tuple) {
    int keyStart = offset(tuple.getKeyNode().getStartMark().getIndex());
    int valueEnd = offset(tuple.getValueNode().getEndMark().getIndex());
    if (mapping.getFlowStyle() == DumperOptions.FlowStyle.FLOW) {
      int comma = text.lastIndexOf(',', keyStart);
      int open = offset(mapping.getStartMark().getIndex());
      if (comma > open) {
        edits.add(new Edit(comma, valueEnd, ""));
      } else {
        int next = text.indexOf(',', valueEnd);
        int close = offset(mapping.getEndMark().getIndex()) - 1;
        int end = next >= 0 && next < close ? skipSpaces(next + 1) : valueEnd;
        edits.add(new Edit(keyStart, end, ""));
      }
      return;
    }
    int lineStart = text.lastIndexOf('\n', keyStart - 1) + 1;
    int lineEnd = text.indexOf('\n', valueEnd);
    edits.add(new Edit(lineStart, lineEnd < 0 ? text.length() : lineEnd + 1, ""));
  }

  /** Replaces a scalar node's text with a new value. */
  void replace(Node scalarNode, String value) {
    edits.add(
        new Edit(
            offset(scalarNode.getStartMark().getIndex()),
            offset(scalarNode.getEndMark().getIndex()),
            render(value)));
  }

  private int skipSpaces(int i) {
    while (i < text.length() && text.charAt(i) == ' ') {
      i++;
    }
    return i;
  }

  /** SnakeYAML marks count code points; Java strings count UTF-16 units. */
  private int offset(int codePointIndex) {
    return text.offsetByCodePoints(0, codePointIndex);
  }

  static String render(String value) {
    if (PLAIN_SAFE.matcher(value).matches() && !PLAIN_UNSAFE.matcher(value).matches()) {
      return value;
    }
    return "\"" + value.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
  }

  /** The text with every edit applied. */
  String result() {
    StringBuilder out = new StringBuilder(text);
    List<Edit> sorted = new ArrayList<>(edits);
    sorted.sort(Comparator.comparingInt(Edit::start).thenComparingInt(Edit::end).reversed());
    for (Edit e : sorted) {
      out.replace(e.start(), e.end(), e.text());
    }
    return out.toString();
  }
}
