package dev.courier.benchmarks.peers;

/**
 * One HTTP client under test, driven the way its users drive it: a request is made, the whole body
 * is read (decoded, for gzip) and the response is closed.
 */
public interface Peer extends AutoCloseable {
  /** GETs {@code url}, reads the whole body, and returns its decoded length. */
  long get(String url) throws Exception;

  /** POSTs {@code body} to {@code url} and returns the status code. */
  int post(String url, byte[] body) throws Exception;

  /** Releases the client's connections and threads. */
  @Override
  void close() throws Exception;
}
