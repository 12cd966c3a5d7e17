package dev.courier.resilience4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

/** The sliding-window arithmetic of the retry budget, on a clock the test moves. */
class RetryBudgetTest {
  private final AtomicLong nanos = new AtomicLong(123_456_789L);

  private RetryBudget budget(double ratio, int minRetries) {
    return new RetryBudget(ratio, Duration.ofSeconds(10), minRetries, nanos::get);
  }

  @Test
  void whenRequestsAreMadeThenARatioOfThemMayBeRetried() {
    RetryBudget budget = budget(0.2, 0);
    assertThat(budget.tryAcquireRetry()).isFalse();

    for (int i = 0; i < 10; i++) budget.recordRequest();

    assertThat(budget.availableRetries()).isEqualTo(2);
    assertThat(budget.tryAcquireRetry()).isTrue();
    assertThat(budget.tryAcquireRetry()).isTrue();
    assertThat(budget.tryAcquireRetry()).isFalse();
  }

  @Test
  void whenFiveRequestsAtOneInFiveThenExactlyOneRetry() {
    RetryBudget budget = budget(0.2, 0);
    for (int i = 0; i < 5; i++) budget.recordRequest();

    assertThat(budget.tryAcquireRetry()).isTrue();
    assertThat(budget.tryAcquireRetry()).isFalse();
  }

  @Test
  void whenTrafficIsQuietThenTheMinimumStillAllowsRetries() {
    RetryBudget budget = budget(0.2, 3);

    assertThat(budget.tryAcquireRetry()).isTrue();
    assertThat(budget.tryAcquireRetry()).isTrue();
    assertThat(budget.tryAcquireRetry()).isTrue();
    assertThat(budget.tryAcquireRetry()).isFalse();
  }

  @Test
  void whenWindowPassesThenOldRequestsAndRetriesNoLongerCount() {
    RetryBudget budget = budget(1, 0);
    budget.recordRequest();
    assertThat(budget.tryAcquireRetry()).isTrue();
    assertThat(budget.tryAcquireRetry()).isFalse();

    nanos.addAndGet(Duration.ofSeconds(5).toNanos());
    assertThat(budget.tryAcquireRetry()).isFalse(); // Half a window later both still count.

    nanos.addAndGet(Duration.ofSeconds(5).toNanos());
    assertThat(budget.availableRetries()).isZero(); // A full window later neither does.
    budget.recordRequest();
    assertThat(budget.tryAcquireRetry()).isTrue();
  }

  @Test
  void whenARetryIsReleasedThenItCanBeTakenAgain() {
    RetryBudget budget = budget(0, 1);
    assertThat(budget.tryAcquireRetry()).isTrue();

    budget.releaseRetry();

    assertThat(budget.tryAcquireRetry()).isTrue();
  }

  @Test
  void whenSettingsAreInvalidThenTheyAreRefusedByName() {
    assertThatThrownBy(() -> RetryBudget.of(-0.1, Duration.ofSeconds(1), 0))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("ratio");
    assertThatThrownBy(() -> RetryBudget.of(Double.NaN, Duration.ofSeconds(1), 0))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("ratio");
    assertThatThrownBy(() -> RetryBudget.of(0.2, Duration.ZERO, 0))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("window");
    assertThatThrownBy(() -> RetryBudget.of(0.2, Duration.ofSeconds(1), -1))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("minRetries");
  }
}
