package dev.courier;

import java.io.IOException;

/** Receives the outcome of an asynchronous {@link Call}. Methods run on a dispatcher thread. */
public interface Callback {
  /**
   * Called when the call could not complete: cancellation, a connectivity problem or a timeout.
   * The server may or may not have received the request.
   */
  void onFailure(Call call, IOException e);

  /**
   * Called when response headers have arrived. The body may still be streaming; the callee must
   * close the response. Any status, including 4xx and 5xx, arrives here.
   */
  void onResponse(Call call, Response response) throws IOException;
}
