package dev.courier.internal.connection;

import java.io.IOException;

/**
 * Tries one plan at a time until one connects. Used when fast fallback is off; simpler and
 * gentler on servers, slower when the first route is dead.
 */
public final class SequentialExchangeFinder implements ExchangeFinder {
  private final RoutePlanner routePlanner;

  /** Creates a finder running {@code routePlanner}'s plans. */
  public SequentialExchangeFinder(RoutePlanner routePlanner) {
    this.routePlanner = routePlanner;
  }

  @Override
  public RoutePlanner routePlanner() {
    return routePlanner;
  }

  @Override
  public RealConnection find() throws IOException {
    IOException firstException = null;
    while (true) {
      if (routePlanner.isCanceled()) throw new IOException("Canceled");
      try {
        RoutePlanner.Plan plan = routePlanner.plan();
        if (!plan.isReady()) {
          RoutePlanner.ConnectResult tcpResult = plan.connectTcp();
          RoutePlanner.ConnectResult result =
              tcpResult.isSuccess() ? plan.connectTlsEtc() : tcpResult;
          if (result.throwable() != null) throw asIoException(result.throwable());
          if (result.nextPlan() != null) {
            routePlanner.deferredPlans().addFirst(result.nextPlan());
            continue;
          }
        }
        return plan.handleSuccess();
      } catch (IOException e) {
        if (firstException == null) {
          firstException = e;
        } else {
          firstException.addSuppressed(e);
        }
        if (!routePlanner.hasNext(null)) throw firstException;
      }
    }
  }

  static IOException asIoException(Throwable throwable) {
    if (throwable instanceof IOException) return (IOException) throwable;
    if (throwable instanceof RuntimeException) throw (RuntimeException) throwable;
    if (throwable instanceof Error) throw (Error) throwable;
    return new IOException(throwable);
  }
}
