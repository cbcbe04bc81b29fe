package io.llmcost.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The Prometheus rules and the Alertmanager example against the real tools from Debian's prometheus
 * and prometheus-alertmanager packages: promtool and amtool.
 */
class PrometheusAssetsTest {
  private static String run(Path dir, String... command) throws Exception {
    Process p =
        new ProcessBuilder(List.of(command))
            .directory(dir.toFile())
            .redirectErrorStream(true)
            .start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(String.join(" ", command) + "\n" + out).isZero();
    return out;
  }

  private static Path alerts() {
    return RepoFiles.root().resolve("alerts");
  }

  @Test
  void rulesAreValid() throws Exception {
    assertThat(run(alerts(), "promtool", "check", "rules", "llm-cost-rules.yaml"))
        .contains("SUCCESS: 15 rules found");
  }

  @Test
  void everyAlertFiresAndStaysQuietInItsUnitTests() throws Exception {
    String out =
        run(alerts().resolve("tests"), "promtool", "test", "rules", "llm-cost-rules-test.yaml");
    assertThat(out).contains("SUCCESS");
    String tests =
        java.nio.file.Files.readString(alerts().resolve("tests/llm-cost-rules-test.yaml"));
    String rules = java.nio.file.Files.readString(alerts().resolve("llm-cost-rules.yaml"));
    for (String alert :
        rules
            .lines()
            .filter(l -> l.trim().startsWith("- alert:"))
            .map(l -> l.trim().substring(9).trim())
            .toList()) {
      assertThat(tests).as("a unit test for %s", alert).contains("alertname: " + alert);
    }
  }

  @Test
  void theAlertmanagerExampleIsValid() throws Exception {
    assertThat(run(alerts(), "amtool", "check-config", "alertmanager.yml"))
        .contains("SUCCESS")
        .contains("3 receivers");
  }
}
