package io.llmcost.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.llmcost.cli.demo.Demo;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The demo's story, run in-process: the budget notifies, swaps, blocks and is restored. */
class DemoIT {

  @Test
  void theDemoTripsTheBudgetAndRestoresIt() throws Exception {
    ByteArrayOutputStream buffer = new ByteArrayOutputStream();
    try (PrintStream out = new PrintStream(buffer, true, StandardCharsets.UTF_8)) {
      new Demo(out, 0, 0, 0, 0).run().close();
    }
    String output = buffer.toString(StandardCharsets.UTF_8);
    assertThat(output)
        .contains("[6/6] What happened")
        .contains("chat-default now routes to openai/gpt-4o-mini")
        .containsPattern(
            "chat-default is blocked; LiteLLM would return HTTP 429: LLM budget search/search-team is exceeded")
        .contains("Notifications received: 3 Slack message(s), 3 signed webhook call(s)")
        .contains("-       model: openai/gpt-4o")
        .contains("+       model: openai/llmcost-budget-exceeded")
        .contains("config.yaml is byte-for-byte the original again")
        .containsPattern("ThresholdExceeded +True +Blocked")
        .contains("Demo finished in");
  }
}
