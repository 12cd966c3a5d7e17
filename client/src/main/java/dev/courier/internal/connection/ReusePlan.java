package dev.courier.internal.connection;

/** A plan that reuses a connection the call already acquired: nothing to connect. */
final class ReusePlan implements RoutePlanner.Plan {
  private final RealConnection connection;

  ReusePlan(RealConnection connection) {
    this.connection = connection;
  }

  @Override
  public boolean isReady() {
    return true;
  }

  @Override
  public RoutePlanner.ConnectResult connectTcp() {
    throw new IllegalStateException("already connected");
  }

  @Override
  public RoutePlanner.ConnectResult connectTlsEtc() {
    throw new IllegalStateException("already connected");
  }

  @Override
  public RealConnection handleSuccess() {
    return connection;
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
