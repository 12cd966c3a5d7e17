package dev.courier.internal.connection;

import java.io.IOException;

/** Finds a connection for the next exchange of a call, by running its planner's plans. */
public interface ExchangeFinder {
  /** Returns the planner whose plans this finder runs. */
  RoutePlanner routePlanner();

  /**
   * Returns a connection acquired by the call.
   *
   * @throws IOException if every plan failed; the first failure, with the others suppressed
   */
  RealConnection find() throws IOException;
}
