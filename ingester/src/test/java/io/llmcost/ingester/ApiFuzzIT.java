package io.llmcost.ingester;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The REST API fuzzed from its own /openapi.json by schemathesis (PyPI): no 5xx. */
class ApiFuzzIT {

  @Test
  void schemathesisFindsNoServerError() throws Exception {
    Path repo = Path.of("..").toAbsolutePath().normalize();
    Process env = new ProcessBuilder("bash", repo.resolve("e2e/python-env.sh").toString()).start();
    String bin = new String(env.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
    assertThat(env.waitFor(30, TimeUnit.MINUTES)).isTrue();
    assertThat(env.exitValue()).isZero();
    try (TestIngester ingester = TestIngester.start(c -> c)) {
      String base = "http://127.0.0.1:" + ingester.server.httpPort();
      Process st =
          new ProcessBuilder(
                  bin + "/schemathesis",
                  "run",
                  base + "/openapi.json",
                  "--url",
                  base,
                  "--checks",
                  "not_a_server_error",
                  "--max-examples",
                  "60",
                  "--seed",
                  "20261127")
              .redirectErrorStream(true)
              .start();
      String out = new String(st.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertThat(st.waitFor(10, TimeUnit.MINUTES)).isTrue();
      System.out.println(
          out.lines()
              .filter(l -> l.contains("passed") || l.contains("failed") || l.contains("cases"))
              .reduce("", (a, b) -> a + b + "\n"));
      assertThat(st.exitValue()).as(out).isZero();
      assertThat(out).doesNotContain("not_a_server_error failed");
    }
  }
}
