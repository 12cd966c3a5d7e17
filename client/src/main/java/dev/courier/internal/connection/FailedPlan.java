package dev.courier.internal.connection;

/** A plan that failed before it could start, such as a DNS failure, carried as a result. */
final class FailedPlan implements RoutePlanner.Plan {
  private final RoutePlanner.ConnectResult result;

  FailedPlan(Throwable e) {
    this.result = new RoutePlanner.ConnectResult(this, null, e);
  }

  RoutePlanner.ConnectResult result() {
    return result;
  }

  @Override
  public boolean isReady() {
    return false;
  }

  @Override
  public RoutePlanner.ConnectResult connectTcp() {
    return result;
  }

  @Override
  public RoutePlanner.ConnectResult connectTlsEtc() {
    return result;
  }

  @Override
  public RealConnection handleSuccess() {
    throw new IllegalStateException("unexpected call");
  }

  @Override
  public void cancel() {
    throw new IllegalStateException("unexpected cancel");
  }

  @Override
  public RoutePlanner.Plan retry() {
    throw new IllegalStateException("unexpected retry");
  }
}
