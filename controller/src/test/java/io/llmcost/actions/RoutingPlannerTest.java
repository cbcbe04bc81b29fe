package io.llmcost.actions;

import static org.assertj.core.api.Assertions.assertThat;

import io.llmcost.model.budget.RoutingFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

class RoutingPlannerTest {
  static final String LITELLM =
      """
      # LiteLLM proxy: aliases that applications call, and the provider models behind them.
      model_list:
        - model_name: chat-default
          litellm_params:
            model: openai/gpt-4o   # the good one
            api_key: os.environ/OPENAI_API_KEY
        - model_name: chat-cheap
          litellm_params:
            model: openai/gpt-4o-mini
            api_key: os.environ/OPENAI_API_KEY
        - model_name: claude
          litellm_params: {model: anthropic/claude-sonnet-4, api_key: os.environ/ANTHROPIC_KEY}
      litellm_settings:
        drop_params: true
      """;
  static final String ENDPOINT = "http://llm-cost-operator.llm-cost-system:8081/block";
  static final RouteAction SWAP =
      new RouteAction(90, List.of(List.of("gpt-4o", "gpt-4o-mini")), false, List.of());
  static final RouteAction BLOCK_GPT4O = new RouteAction(100, List.of(), true, List.of("gpt-4o"));

  private static RoutingPlanner.Plan plan(
      String text, RoutingState state, String budget, RouteAction action) {
    return RoutingPlanner.plan(text, RoutingFormat.LiteLLM, state, budget, action, ENDPOINT);
  }

  @Test
  void aSwapChangesOnlyThatModelKeepingPrefixAndComments() {
    RoutingPlanner.Plan swapped = plan(LITELLM, new RoutingState(), "search/team", SWAP);
    assertThat(swapped.text())
        .isEqualTo(
            LITELLM.replace(
                "model: openai/gpt-4o   # the good one",
                "model: openai/gpt-4o-mini   # the good one"));
    assertThat(swapped.state().originals).containsOnlyKeys("chat-default#1");

    RoutingPlanner.Plan restored = plan(swapped.text(), swapped.state(), "search/team", null);
    assertThat(restored.text()).isEqualTo(LITELLM);
    assertThat(restored.state().isEmpty()).isTrue();
  }

  @Test
  void aBlockPointsTheRouteAtTheBlockEndpointAndRestoresExactly() {
    RouteAction blockAll = new RouteAction(100, List.of(), true, List.of());
    RoutingPlanner.Plan blocked = plan(LITELLM, new RoutingState(), "search/team", blockAll);
    assertThat(blocked.text())
        .contains(
            "      model: openai/llmcost-budget-exceeded   # the good one\n"
                + "      api_key: llmcost-blocked\n"
                + "      api_base: http://llm-cost-operator.llm-cost-system:8081/block/search/team\n"
                + "  - model_name: chat-cheap")
        .contains(
            "litellm_params: {model: openai/llmcost-budget-exceeded, api_key: llmcost-blocked,"
                + " api_base: http://llm-cost-operator.llm-cost-system:8081/block/search/team}")
        .contains("# LiteLLM proxy: aliases")
        .contains("drop_params: true");
    RoutingPlanner.Plan restored = plan(blocked.text(), blocked.state(), "search/team", null);
    assertThat(restored.text()).isEqualTo(LITELLM);
  }

  @Test
  void twoBudgetsComposeTheMostRestrictiveWinsAndRestoresUnwind() {
    RoutingPlanner.Plan a = plan(LITELLM, new RoutingState(), "search/a", SWAP);
    RoutingPlanner.Plan ab = plan(a.text(), a.state(), "search/b", BLOCK_GPT4O);
    // b blocks gpt-4o routes: chat-default (originally gpt-4o) is blocked, not swapped
    assertThat(ab.text()).contains("model: openai/llmcost-budget-exceeded   # the good one");
    assertThat(ab.text()).contains("model: openai/gpt-4o-mini\n");
    // b lifts its block: a's swap is back in force
    RoutingPlanner.Plan onlyA = plan(ab.text(), ab.state(), "search/b", null);
    assertThat(onlyA.text()).isEqualTo(a.text());
    RoutingPlanner.Plan none = plan(onlyA.text(), onlyA.state(), "search/a", null);
    assertThat(none.text()).isEqualTo(LITELLM);
  }

  @Test
  void editsOthersMadeMeanwhileSurviveARestore() {
    RoutingPlanner.Plan swapped = plan(LITELLM, new RoutingState(), "search/team", SWAP);
    String edited =
        swapped
            .text()
            .replace("drop_params: true", "drop_params: false\n  num_retries: 3")
            .replace(
                "litellm_settings:",
                "  - model_name: new-route\n    litellm_params:\n      model: openai/gpt-4.1\nlitellm_settings:");
    RoutingPlanner.Plan restored = plan(edited, swapped.state(), "search/team", null);
    assertThat(restored.text())
        .contains("model: openai/gpt-4o   # the good one")
        .contains("num_retries: 3")
        .contains("model_name: new-route");
  }

  @Test
  void keyValueMapsSwapBlockAndRestore() {
    String aliases = "chat-default: gpt-4o\nchat-cheap: gpt-4o-mini\n";
    RoutingPlanner.Plan swapped =
        RoutingPlanner.plan(
            aliases, RoutingFormat.KeyValue, new RoutingState(), "ops/all", SWAP, ENDPOINT);
    assertThat(swapped.text()).isEqualTo("chat-default: gpt-4o-mini\nchat-cheap: gpt-4o-mini\n");
    RoutingPlanner.Plan blocked =
        RoutingPlanner.plan(
            swapped.text(),
            RoutingFormat.KeyValue,
            swapped.state(),
            "ops/all",
            new RouteAction(100, List.of(), true, List.of()),
            ENDPOINT);
    assertThat(blocked.text())
        .isEqualTo("chat-default: blocked:ops/all\nchat-cheap: blocked:ops/all\n");
    assertThat(
            RoutingPlanner.plan(
                    blocked.text(),
                    RoutingFormat.KeyValue,
                    blocked.state(),
                    "ops/all",
                    null,
                    ENDPOINT)
                .text())
        .isEqualTo(aliases);
  }

  @Test
  void theStateSurvivesItsAnnotationRoundTrip() throws Exception {
    var json = new com.fasterxml.jackson.databind.ObjectMapper();
    RoutingPlanner.Plan swapped = plan(LITELLM, new RoutingState(), "search/team", SWAP);
    RoutingState read =
        json.readValue(json.writeValueAsString(swapped.state()), RoutingState.class);
    assertThat(read.actions).isEqualTo(swapped.state().actions);
    assertThat(read.originals).isEqualTo(swapped.state().originals);
    assertThat(plan(swapped.text(), read, "search/team", null).text()).isEqualTo(LITELLM);
  }
}
