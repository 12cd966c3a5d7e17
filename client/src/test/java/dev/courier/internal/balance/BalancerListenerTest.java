package dev.courier.internal.balance;

import static dev.courier.internal.balance.TestServices.A;
import static dev.courier.internal.balance.TestServices.B;
import static dev.courier.internal.balance.TestServices.C;
import static dev.courier.internal.balance.TestServices.LEAST_REQUEST;
import static dev.courier.internal.balance.TestServices.failLocally;
import static dev.courier.internal.balance.TestServices.service;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;

import dev.courier.OutlierDetection;
import org.junit.jupiter.api.Test;

/** Listeners hear picks, ejections and returns, with the attempt that caused each. */
class BalancerListenerTest {
  private final FakeClock clock = new FakeClock();
  private final RealServiceInstances service =
      service(clock, LEAST_REQUEST, OutlierDetection.DEFAULT, A, B, C);

  @Test
  void hearsPicksEjectionsAndReturns() throws Exception {
    RecordingBalancerListener listener = new RecordingBalancerListener();
    service.addListener(listener);
    failLocally(service, A, 5, LocalFailure.CONNECT);
    assertThat(listener.events).containsExactly("ejected " + A.redact()
        + " for PT30S: consecutive connect failures, resets or timeouts (1)");

    clock.advance(Duration.ofSeconds(30));
    String call = "call 42";
    service.pick(null, false, call).finish();
    assertThat(listener.events).endsWith("returned " + A.redact());
    assertThat(listener.returnContexts).containsExactly(call);
    assertThat(listener.picks).isGreaterThanOrEqualTo(6);

    service.removeListener(listener);
    int picks = listener.picks;
    service.pick(null, false, null).finish();
    assertThat(listener.picks).isEqualTo(picks);
  }

  @Test
  void theEjectionEventNamesTheAttemptThatCausedIt() throws Exception {
    Object[] ejectedBy = new Object[1];
    service.addListener(new BalancerListener() {
      @Override
      public void ejected(Pick cause, EjectionReason reason, Duration time, int count) {
        ejectedBy[0] = cause.context();
      }
    });
    failLocally(service, A, 4, LocalFailure.CONNECT);
    Pick fifth;
    do {
      fifth = service.pick(null, false, "call 5");
      if (!fifth.url().equals(A)) fifth.finish();
    } while (!fifth.url().equals(A));
    fifth.failed(LocalFailure.CONNECT);
    fifth.finish();
    assertThat(ejectedBy[0]).isEqualTo("call 5");
  }

  @Test
  void aListenerThatThrowsOnAPickDoesNotLeakTheSlot() throws Exception {
    service.addListener(new BalancerListener() {
      @Override
      public void picked(Pick pick) {
        throw new IllegalStateException("boom");
      }
    });
    assertThatThrownBy(() -> service.pick(null, false, null))
        .isInstanceOf(IllegalStateException.class);
    assertThat(service.snapshot()).allSatisfy(s -> assertThat(s.inFlight()).isZero());
  }
}
