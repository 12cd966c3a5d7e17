package dev.courier.internal.cache;

import java.io.IOException;

import dev.courier.Call;
import dev.courier.Callback;
import dev.courier.Response;
import okio.BufferedSource;

/**
 * Completes a background revalidation: reads the response body to its end, which is what lets
 * the cache commit a new response (a 304 was merged before the body was handed over), and then
 * reports the end. Nobody waits for this call, so failures are only reported, never thrown.
 */
public final class RevalidationCallback implements Callback {
  private final Runnable onFinished;

  /** Creates a callback that runs {@code onFinished} once the call is over. */
  public RevalidationCallback(Runnable onFinished) {
    this.onFinished = onFinished;
  }

  @Override
  public void onFailure(Call call, IOException e) {
    onFinished.run();
  }

  @Override
  public void onResponse(Call call, Response response) {
    try (response) {
      BufferedSource source = response.body().source();
      while (!source.exhausted()) source.skip(source.getBuffer().size());
    } catch (IOException e) {
      // The cache aborted the entry; the stale response stays until the next attempt.
    } finally {
      onFinished.run();
    }
  }
}
