package dev.courier;

import java.nio.file.Path;

/**
 * Run in a child JVM by {@link CacheFaultTest}: starts a cached GET whose body the server sends
 * only half of, reads what arrived (so it streams into the cache), prints {@value #READY} and
 * waits to be killed with the entry half written.
 */
public final class CacheCrashChild {
  static final String READY = "reading";

  private CacheCrashChild() {
  }

  /** Takes the cache directory and the URL to fetch. */
  public static void main(String[] args) throws Exception {
    CourierClient client = new CourierClient.Builder()
        .cache(new Cache(Path.of(args[0]), 1024 * 1024))
        .build();
    Response response = client.newCall(new Request.Builder().url(args[1]).build()).execute();
    response.body().source().readUtf8(50);
    System.out.println(READY);
    System.out.flush();
    // Blocks until the parent kills this process; the parent never writes to stdin.
    while (System.in.read() != -1) {
      // Keep waiting.
    }
    Thread.currentThread().join();
  }
}
