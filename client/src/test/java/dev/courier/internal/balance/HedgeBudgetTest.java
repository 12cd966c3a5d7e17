package dev.courier.internal.balance;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

/** Hedges stay within a percentage of the calls over a sliding window. */
class HedgeBudgetTest {
  private final FakeClock clock = new FakeClock();
  private final HedgeBudget budget = new HedgeBudget(10);

  @Test
  void noCallsNoHedges() {
    assertThat(budget.tryWithdraw(clock.getAsLong())).isFalse();
  }

  @Test
  void allowsTheRatioOfTheCallsInTheWindow() {
    for (int i = 0; i < 100; i++) budget.deposit(clock.getAsLong());
    int hedges = 0;
    while (budget.tryWithdraw(clock.getAsLong())) hedges++;
    assertThat(hedges).isEqualTo(10);
    for (int i = 0; i < 10; i++) budget.deposit(clock.getAsLong());
    assertThat(budget.tryWithdraw(clock.getAsLong())).isTrue();
    assertThat(budget.tryWithdraw(clock.getAsLong())).isFalse();
  }

  @Test
  void callsAndHedgesExpireWithTheWindow() {
    for (int i = 0; i < 100; i++) budget.deposit(clock.getAsLong());
    for (int i = 0; i < 10; i++) assertThat(budget.tryWithdraw(clock.getAsLong())).isTrue();

    clock.advance(Duration.ofSeconds(HedgeBudget.BUCKETS));
    // The old calls no longer pay for hedges, but the old hedges no longer count either.
    assertThat(budget.tryWithdraw(clock.getAsLong())).isFalse();
    for (int i = 0; i < 10; i++) budget.deposit(clock.getAsLong());
    assertThat(budget.tryWithdraw(clock.getAsLong())).isTrue();
  }

  @Test
  void neverExceedsTheRatioOverAnyWindow() {
    // An outage: calls arrive at varying rates, every one of them slow enough to want a hedge.
    SplittableRandom random = new SplittableRandom(5);
    List<Long> calls = new ArrayList<>();
    List<Long> hedges = new ArrayList<>();
    for (int step = 0; step < 20_000; step++) {
      clock.advanceMillis(random.nextInt(1, 8));
      long now = clock.getAsLong();
      budget.deposit(now);
      calls.add(now);
      if (budget.tryWithdraw(now)) {
        hedges.add(now);
        // Whenever a hedge is allowed, the window that allowed it holds at most 10% hedges.
        long windowStart = (Math.floorDiv(now, HedgeBudget.BUCKET_NANOS) - HedgeBudget.BUCKETS + 1)
            * HedgeBudget.BUCKET_NANOS;
        long callsInWindow = calls.stream().filter(t -> t >= windowStart).count();
        long hedgesInWindow = hedges.stream().filter(t -> t >= windowStart).count();
        assertThat(hedgesInWindow * 100).isLessThanOrEqualTo(callsInWindow * 10);
      }
    }
    assertThat(hedges.size()).isLessThanOrEqualTo(calls.size() / 10);
    // The budget is used, not just never exceeded.
    assertThat(hedges.size()).isGreaterThan(calls.size() / 10 - calls.size() / 100);
  }

  @Test
  void aPercentageOf100AllowsAHedgePerCall() {
    HedgeBudget generous = new HedgeBudget(100);
    generous.deposit(clock.getAsLong());
    assertThat(generous.tryWithdraw(clock.getAsLong())).isTrue();
    assertThat(generous.tryWithdraw(clock.getAsLong())).isFalse();
  }
}
