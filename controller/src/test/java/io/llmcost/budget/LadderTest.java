package io.llmcost.budget;

import static org.assertj.core.api.Assertions.assertThat;

import io.llmcost.model.budget.ModelSwap;
import io.llmcost.model.budget.Threshold;
import io.llmcost.model.budget.ThresholdAction;
import java.math.BigDecimal;
import java.util.List;
import org.junit.jupiter.api.Test;

class LadderTest {
  static Threshold t(int percent, ThresholdAction action) {
    Threshold t = new Threshold();
    t.setPercent(percent);
    t.setAction(action);
    if (action == ThresholdAction.SwapModel) {
      ModelSwap swap = new ModelSwap();
      swap.setFrom("gpt-4o");
      swap.setTo("gpt-4o-mini");
      t.setSwap(swap);
    }
    return t;
  }

  static final List<Threshold> LADDER =
      List.of(
          t(50, ThresholdAction.Notify),
          t(90, ThresholdAction.SwapModel),
          t(100, ThresholdAction.Block));

  private static Ladder.Decision at(String utilization, Integer enforced) {
    return Ladder.decide(LADDER, new BigDecimal(utilization), enforced);
  }

  @Test
  void climbingTheLadder() {
    assertThat(at("49.99", null).active()).isNull();
    assertThat(at("50", null).active().getPercent()).isEqualTo(50);
    assertThat(at("50", null).patchesRouting()).isFalse();
    Ladder.Decision swap = at("90.00", null);
    assertThat(swap.routing().getPercent()).isEqualTo(90);
    assertThat(swap.swaps()).extracting(ModelSwap::getTo).containsExactly("gpt-4o-mini");
    assertThat(swap.block()).isFalse();
    assertThat(swap.reached()).extracting(Threshold::getPercent).containsExactly(50, 90);
    Ladder.Decision block = at("130", null);
    assertThat(block.block()).isTrue();
    assertThat(block.active().getPercent()).isEqualTo(100);
  }

  @Test
  void hysteresisHoldsARoutingLevelUntilFivePointsBelow() {
    // the limit was raised: utilization fell from 95% to 87%, within the margin of 90
    assertThat(at("87", 90).routing().getPercent()).isEqualTo(90);
    assertThat(at("85", 90).routing().getPercent()).isEqualTo(90);
    assertThat(at("84.99", 90).routing()).isNull();
    assertThat(at("84.99", 90).active().getPercent()).isEqualTo(50);
    // block held at 97%, released (back to swap) at 94.99%
    assertThat(at("97", 100).block()).isTrue();
    Ladder.Decision released = at("94.99", 100);
    assertThat(released.block()).isFalse();
    assertThat(released.routing().getPercent()).isEqualTo(90);
  }

  @Test
  void aNewPeriodStartsAtZeroAndRestores() {
    Ladder.Decision fresh = at("0", null);
    assertThat(fresh.patchesRouting()).isFalse();
    assertThat(fresh.reached()).isEmpty();
    assertThat(fresh.active()).isNull();
  }

  @Test
  void aNotifyAboveABlockKeepsTheBlock() {
    List<Threshold> ladder = List.of(t(100, ThresholdAction.Block), t(120, ThresholdAction.Notify));
    Ladder.Decision d = Ladder.decide(ladder, new BigDecimal("125"), 100);
    assertThat(d.active().getPercent()).isEqualTo(120);
    assertThat(d.block()).isTrue();
  }
}
