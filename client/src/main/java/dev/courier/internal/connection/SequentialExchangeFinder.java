package dev.courier.internal.connection;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Tries one plan at a time, on the calling thread, until one connects or none is left. Used when
 * fast fallback is off: simpler and gentler on servers, but a route that never answers costs a
 * whole connect timeout before the next is tried.
 */
public final class SequentialExchangeFinder implements ExchangeFinder {
  private final RoutePlanner routePlanner;
  private final boolean retryOnConnectionFailure;

  /**
   * Creates a finder running {@code routePlanner}'s plans.
   *
   * @param retryOnConnectionFailure false to stop at the first failed attempt
   */
  public SequentialExchangeFinder(RoutePlanner routePlanner, boolean retryOnConnectionFailure) {
    this.routePlanner = routePlanner;
    this.retryOnConnectionFailure = retryOnConnectionFailure;
  }

  @Override
  public RoutePlanner routePlanner() {
    return routePlanner;
  }

  @Override
  public RealConnection find() throws IOException {
    List<IOException> failures = new ArrayList<>(2);
    while (true) {
      if (routePlanner.isCanceled()) throw ConnectFailures.canceled(failures);
      RoutePlanner.ConnectResult result;
      try {
        RoutePlanner.Plan plan = routePlanner.plan();
        if (plan.isReady()) return plan.handleSuccess();
        result = plan.connectTcp();
        if (result.isSuccess()) result = plan.connectTlsEtc();
        if (result.isSuccess()) return plan.handleSuccess();
      } catch (IOException e) {
        // Planning failed: DNS found nothing, or the connection specs forbid this address.
        result = new RoutePlanner.ConnectResult(null, null, e);
      }
      if (result.nextPlan() != null) routePlanner.deferredPlans().addFirst(result.nextPlan());
      if (result.throwable() != null) {
        IOException e = ConnectFailures.asIoException(result.throwable());
        failures.add(e);
        if (ConnectFailures.isFinal(e) || !retryOnConnectionFailure) {
          throw ConnectFailures.exhausted(routePlanner.address(), failures);
        }
      }
      if (!routePlanner.hasNext(null)) {
        throw ConnectFailures.exhausted(routePlanner.address(), failures);
      }
    }
  }
}
