package dev.courier.internal.balance;

import static dev.courier.internal.balance.TestServices.A;
import static dev.courier.internal.balance.TestServices.B;
import static dev.courier.internal.balance.TestServices.C;
import static dev.courier.internal.balance.TestServices.LEAST_REQUEST;
import static dev.courier.internal.balance.TestServices.failLocally;
import static dev.courier.internal.balance.TestServices.service;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.ref.WeakReference;
import java.time.Duration;

import dev.courier.OutlierDetection;
import dev.courier.testing.Await;
import org.junit.jupiter.api.Test;

/**
 * Listeners hear picks, ejections and returns: those added to the service hear all of them, and
 * the one passed with an attempt hears what concerns that attempt.
 */
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
    service.pick(null, false, null).finish();
    assertThat(listener.events).endsWith("returned " + A.redact());
    assertThat(listener.picks).isGreaterThanOrEqualTo(6);

    service.removeListener(listener);
    int picks = listener.picks;
    service.pick(null, false, null).finish();
    assertThat(listener.picks).isEqualTo(picks);
  }

  @Test
  void anAttemptsListenerHearsItsPickAndTheReturnsItNoticed() throws Exception {
    failLocally(service, A, 5, LocalFailure.CONNECT);
    clock.advance(Duration.ofSeconds(30));
    RecordingBalancerListener attempt = new RecordingBalancerListener();
    service.pick(null, false, attempt).finish();
    assertThat(attempt.events).containsExactly("returned " + A.redact());
    assertThat(attempt.picks).isEqualTo(1);

    RecordingBalancerListener next = new RecordingBalancerListener();
    service.pick(null, false, next).finish();
    assertThat(next.events).isEmpty(); // The return was noticed once, by the attempt before.
  }

  @Test
  void theEjectionIsHeardByTheAttemptThatCausedIt() throws Exception {
    Pick[] ejectedBy = new Pick[1];
    service.addListener(new BalancerListener() {
      @Override
      public void ejected(Pick cause, EjectionReason reason, Duration time, int count) {
        ejectedBy[0] = cause;
      }
    });
    failLocally(service, A, 4, LocalFailure.CONNECT);
    RecordingBalancerListener fourth = new RecordingBalancerListener();
    Pick fifth = TestServices.pickExactly(service, A);
    fifth.failed(LocalFailure.CONNECT, fourth);
    fifth.finish();
    assertThat(ejectedBy[0]).isSameAs(fifth);
    assertThat(fourth.events).containsExactly("ejected " + A.redact()
        + " for PT30S: consecutive connect failures, resets or timeouts (1)");
  }

  @Test
  void aPickKeepsNothingOfItsAttemptsListener() throws Exception {
    RecordingBalancerListener attempt = new RecordingBalancerListener();
    WeakReference<RecordingBalancerListener> reference = new WeakReference<>(attempt);
    Pick pick = service.pick(null, false, attempt);
    attempt = null;
    // The engine keeps the pick where a leaked call's connection is found; were the call (its
    // listener) reachable from the pick, the call could never be collected nor its leak found.
    Await.until("the attempt's listener is collected", () -> {
      System.gc();
      return reference.get() == null;
    });
    pick.responded(200);
    pick.finish();
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
