package io.llmcost.model;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The Argo CD health checks in examples/argocd/argocd-cm.yaml, run by a real Lua 5.1 interpreter
 * (Debian's lua5.1; Argo CD's gopher-lua is 5.1-compatible) against sample objects.
 */
class ArgoHealthChecksTest {
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  private static String script(String kind) throws IOException {
    JsonNode cm =
        YAML.readTree(Files.readString(RepoFiles.root().resolve("examples/argocd/argocd-cm.yaml")));
    return cm.at("/data").get("resource.customizations.health.llmcost.io_" + kind).asText();
  }

  /** Runs the check on an object; returns "status|message". */
  private static String health(String kind, String objectYaml) throws Exception {
    String program =
        "obj = "
            + lua(YAML.readTree(objectYaml))
            + "\n"
            + "local function check()\n"
            + script(kind)
            + "\nend\n"
            + "local hs = check()\n"
            + "io.write(hs.status .. '|' .. (hs.message or ''))\n";
    Process lua = new ProcessBuilder("lua5.1", "-").redirectErrorStream(true).start();
    lua.getOutputStream().write(program.getBytes(StandardCharsets.UTF_8));
    lua.getOutputStream().close();
    String out = new String(lua.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(lua.waitFor(10, TimeUnit.SECONDS)).isTrue();
    assertThat(lua.exitValue()).as(out).isZero();
    return out;
  }

  /** A JSON tree as a Lua table constructor. */
  static String lua(JsonNode node) {
    if (node.isObject()) {
      StringBuilder sb = new StringBuilder("{");
      for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        sb.append("[").append(quote(e.getKey())).append("]=").append(lua(e.getValue())).append(",");
      }
      return sb.append("}").toString();
    }
    if (node.isArray()) {
      StringBuilder sb = new StringBuilder("{");
      node.forEach(n -> sb.append(lua(n)).append(","));
      return sb.append("}").toString();
    }
    if (node.isNumber() || node.isBoolean()) {
      return node.asText();
    }
    return node.isNull() ? "nil" : quote(node.asText());
  }

  private static String quote(String s) {
    return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n") + "\"";
  }

  private static final String BUDGET =
      """
      metadata: {name: b, namespace: search, generation: 3}
      status:
        observedGeneration: %d
        spent: "412.2"
        utilizationPercent: "82.44"
        conditions:
          - {type: Ready, status: "%s", reason: SpendComputed, message: "ready message"}
          - {type: ThresholdExceeded, status: "True", reason: %s, message: "threshold message"}
      """;

  @Test
  void budgetHealth() throws Exception {
    assertThat(health("LlmBudget", BUDGET.formatted(3, "True", "Notified")))
        .isEqualTo("Healthy|Spent $412.2 (82.44%)");
    assertThat(health("LlmBudget", BUDGET.formatted(3, "True", "ModelSwapped")))
        .startsWith("Healthy|");
    assertThat(health("LlmBudget", BUDGET.formatted(3, "True", "Blocked")))
        .isEqualTo("Degraded|threshold message");
    assertThat(health("LlmBudget", BUDGET.formatted(3, "False", "Notified")))
        .isEqualTo("Degraded|ready message");
    assertThat(health("LlmBudget", BUDGET.formatted(2, "True", "Notified")))
        .startsWith("Progressing|Waiting for the operator");
    assertThat(health("LlmBudget", "metadata: {name: b, generation: 1}"))
        .startsWith("Progressing|");
  }

  @Test
  void stackHealth() throws Exception {
    String stack =
        "metadata: {name: s}\nstatus:\n  conditions:\n    - {type: Ready, status: \"%s\", reason: %s, message: m}\n";
    assertThat(health("LlmCostStack", stack.formatted("True", "Available"))).isEqualTo("Healthy|m");
    assertThat(health("LlmCostStack", stack.formatted("False", "Progressing")))
        .isEqualTo("Progressing|m");
    assertThat(health("LlmCostStack", stack.formatted("False", "Failed"))).isEqualTo("Degraded|m");
    assertThat(health("LlmCostStack", "metadata: {name: s}")).startsWith("Progressing|");
  }
}
