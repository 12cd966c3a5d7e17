package dev.courier.testing;

import java.io.IOException;

import dev.courier.Route;
import dev.courier.internal.http.ExchangeCodec;

/**
 * A codec's carrier with no connection behind it, recording whether the codec retired the
 * connection; for driving a codec on in-memory buffers.
 */
public final class RecordingCarrier implements ExchangeCodec.Carrier {
  /** True once the codec said the connection must carry no further exchange. */
  public boolean noNewExchanges;

  /** Returns null: there is no route behind an in-memory codec. */
  @Override
  public Route route() {
    return null;
  }

  /** Records that the connection is retired. */
  @Override
  public void noNewExchanges() {
    noNewExchanges = true;
  }

  /** Records a failure as retiring the connection, as a real connection would. */
  @Override
  public void trackFailure(IOException e) {
    noNewExchanges = true;
  }

  /** Does nothing: there is no socket to close. */
  @Override
  public void cancel() {
  }
}
