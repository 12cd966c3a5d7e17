package dev.courier.internal.balance;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import dev.courier.HttpUrl;

/** Records ejections and returns as lines of text; picks only as a count. */
final class RecordingBalancerListener implements BalancerListener {
  final List<String> events = new CopyOnWriteArrayList<>();
  volatile int picks;

  @Override
  public synchronized void picked(Pick pick) {
    picks++;
  }

  @Override
  public void ejected(Pick cause, EjectionReason reason, Duration ejectionTime,
      int ejectionCount) {
    events.add("ejected " + cause.url().redact() + " for " + ejectionTime + ": "
        + reason.description() + " (" + ejectionCount + ")");
  }

  @Override
  public void returned(String serviceName, HttpUrl instance) {
    events.add("returned " + instance.redact());
  }
}
