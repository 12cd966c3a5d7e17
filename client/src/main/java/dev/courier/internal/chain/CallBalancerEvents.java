package dev.courier.internal.chain;

import java.time.Duration;

import dev.courier.Call;
import dev.courier.EventListener;
import dev.courier.HttpUrl;
import dev.courier.internal.balance.BalancerListener;
import dev.courier.internal.balance.EjectionReason;
import dev.courier.internal.balance.Pick;

/**
 * Turns what a service's balancer does for one call's attempts into that call's
 * {@link EventListener} events. The call passes it with each pick and each outcome; the balancer
 * does not keep it, so a call that leaks its response can still be collected.
 */
final class CallBalancerEvents implements BalancerListener {
  private final Call call;
  private final EventListener eventListener;

  CallBalancerEvents(Call call, EventListener eventListener) {
    this.call = call;
    this.eventListener = eventListener;
  }

  @Override
  public void picked(Pick pick) {
    eventListener.instancePicked(call, pick.serviceName(), pick.url());
  }

  @Override
  public void ejected(Pick cause, EjectionReason reason, Duration ejectionTime,
      int ejectionCount) {
    eventListener.instanceEjected(call, cause.serviceName(), cause.url(), reason.description(),
        ejectionTime);
  }

  @Override
  public void returned(String serviceName, HttpUrl instance) {
    eventListener.instanceReturned(call, serviceName, instance);
  }
}
