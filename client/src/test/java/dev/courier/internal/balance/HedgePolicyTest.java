package dev.courier.internal.balance;

import static dev.courier.internal.balance.TestServices.A;
import static dev.courier.internal.balance.TestServices.B;
import static dev.courier.internal.balance.TestServices.LEAST_REQUEST;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.SplittableRandom;

import dev.courier.Hedging;
import dev.courier.MediaType;
import dev.courier.OutlierDetection;
import dev.courier.Request;
import dev.courier.RequestBody;
import okio.BufferedSink;
import org.junit.jupiter.api.Test;

/** Which calls are hedged, after how long, and how often. */
class HedgePolicyTest {
  private static final MediaType TEXT = MediaType.get("text/plain");

  private final FakeClock clock = new FakeClock();

  private RealServiceInstances service(Hedging hedging) {
    return new RealServiceInstances("catalog", List.of(A, B), LEAST_REQUEST,
        OutlierDetection.DISABLED, hedging, clock, new SplittableRandom(1));
  }

  @Test
  void onlyIdempotentCallsWithReplayableBodiesAreHedged() {
    HedgePolicy policy = service(new Hedging.Builder().delay(Duration.ofMillis(50)).build())
        .hedgePolicy();
    RequestBody body = RequestBody.create("{}", TEXT);
    assertThat(policy.appliesTo(request("GET", null))).isTrue();
    assertThat(policy.appliesTo(request("HEAD", null))).isTrue();
    assertThat(policy.appliesTo(request("DELETE", null))).isTrue();
    assertThat(policy.appliesTo(request("PUT", body))).isTrue();
    assertThat(policy.appliesTo(request("POST", body))).isFalse();
    assertThat(policy.appliesTo(request("PATCH", body))).isFalse();
    assertThat(policy.appliesTo(request("PUT", oneShot()))).isFalse();
  }

  @Test
  void nothingIsHedgedWhenHedgingIsOff() {
    HedgePolicy policy = service(Hedging.DISABLED).hedgePolicy();
    assertThat(policy.appliesTo(request("GET", null))).isFalse();
  }

  @Test
  void aFixedDelayIsTheDelay() {
    HedgePolicy policy = service(new Hedging.Builder().delay(Duration.ofMillis(50)).build())
        .hedgePolicy();
    assertThat(policy.delayNanos()).isEqualTo(Duration.ofMillis(50).toNanos());
  }

  @Test
  void aPercentileDelayFollowsTheServicesResponseTimes() throws Exception {
    RealServiceInstances service = service(new Hedging.Builder().percentile(90).build());
    HedgePolicy policy = service.hedgePolicy();
    assertThat(policy.delayNanos()).isEqualTo(-1); // Nothing known yet: no hedging.

    for (int i = 1; i <= 100; i++) answer(service, i, 200); // 1 to 100 ms.
    // Failing fast says nothing of how long a response takes: it would pull the delay down.
    for (int i = 0; i < 100; i++) answer(service, 0, 503);
    clock.advance(Duration.ofNanos(HedgePolicy.DELAY_REFRESH_NANOS));
    assertThat(Duration.ofNanos(policy.delayNanos()))
        .isBetween(Duration.ofMillis(90), Duration.ofMillis(102));

    // The delay is read again at most once a second.
    for (int i = 0; i < 1_000; i++) answer(service, 0, 200);
    assertThat(Duration.ofNanos(policy.delayNanos()))
        .isBetween(Duration.ofMillis(90), Duration.ofMillis(102));
    clock.advance(Duration.ofNanos(HedgePolicy.DELAY_REFRESH_NANOS));
    assertThat(Duration.ofNanos(policy.delayNanos())).isLessThan(Duration.ofMillis(1));
  }

  @Test
  void theBudgetLimitsHedgesToItsShareOfHedgeableCalls() {
    HedgePolicy policy = service(new Hedging.Builder()
        .delay(Duration.ofMillis(10))
        .budgetPercent(5)
        .build()).hedgePolicy();
    int hedges = 0;
    for (int call = 0; call < 1_000; call++) {
      clock.advanceMillis(5); // 200 calls a second, all slow.
      policy.deposit();
      if (policy.tryWithdraw()) hedges++;
    }
    assertThat(hedges).isBetween(45, 50);
  }

  /** Answers a pick after {@code millis} with {@code code}. */
  private void answer(RealServiceInstances service, long millis, int code) throws Exception {
    Pick pick = service.pick(null, false, null);
    clock.advanceMillis(millis);
    pick.responded(code);
    pick.finish();
  }

  private static Request request(String method, RequestBody body) {
    return new Request.Builder().url("http://catalog/items/1").method(method, body).build();
  }

  private static RequestBody oneShot() {
    return new RequestBody() {
      @Override
      public MediaType contentType() {
        return TEXT;
      }

      @Override
      public void writeTo(BufferedSink sink) throws IOException {
        sink.writeUtf8("once");
      }

      @Override
      public boolean isOneShot() {
        return true;
      }
    };
  }
}
