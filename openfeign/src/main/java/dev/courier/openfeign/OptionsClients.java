package dev.courier.openfeign;

import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.TimeUnit;

import feign.Request;

import dev.courier.CourierClient;

/**
 * The client that runs a call with Feign's {@link Request.Options}: the base client when the
 * options ask for nothing else, else one derived from it with {@code newBuilder()} (sharing its
 * pool, dispatcher and cache) with the options' connect timeout, read timeout and redirect rule.
 *
 * <p>An option at Feign's default value ({@code new Request.Options()}) keeps the base client's
 * setting. Feign passes one {@code Options} object per client or method, so the few derived
 * clients are kept for reuse, up to {@link #MAX_KEPT}; options beyond that (a caller passing
 * ever-new values as a method argument) get a client derived for the call alone.
 */
final class OptionsClients {
  /** Enough for every method of a typical application's Feign clients to have options of its own. */
  static final int MAX_KEPT = 32;

  private static final Request.Options FEIGN_DEFAULTS = new Request.Options();

  private final CourierClient base;
  private final ConcurrentMap<Settings, CourierClient> derived = new ConcurrentHashMap<>();

  OptionsClients(CourierClient base) {
    this.base = base;
  }

  /** Returns the client to run a call with {@code options}; see the class description. */
  CourierClient forOptions(Request.Options options) {
    Settings settings = new Settings(
        chosen(millis(options.connectTimeout(), options.connectTimeoutUnit()),
            millis(FEIGN_DEFAULTS.connectTimeout(), FEIGN_DEFAULTS.connectTimeoutUnit()),
            base.connectTimeoutMillis()),
        chosen(millis(options.readTimeout(), options.readTimeoutUnit()),
            millis(FEIGN_DEFAULTS.readTimeout(), FEIGN_DEFAULTS.readTimeoutUnit()),
            base.readTimeoutMillis()),
        options.isFollowRedirects() == FEIGN_DEFAULTS.isFollowRedirects()
            ? base.followRedirects() : options.isFollowRedirects());
    if (settings.connectTimeoutMillis == base.connectTimeoutMillis()
        && settings.readTimeoutMillis == base.readTimeoutMillis()
        && settings.followRedirects == base.followRedirects()) {
      return base;
    }
    CourierClient kept = derived.get(settings);
    if (kept != null) return kept;
    CourierClient client = base.newBuilder()
        .connectTimeout(Duration.ofMillis(settings.connectTimeoutMillis))
        .readTimeout(Duration.ofMillis(settings.readTimeoutMillis))
        .followRedirects(settings.followRedirects)
        .build();
    if (derived.size() >= MAX_KEPT) return client;
    CourierClient raced = derived.putIfAbsent(settings, client);
    return raced != null ? raced : client;
  }

  /** Returns the number of derived clients kept for reuse. */
  int keptCount() {
    return derived.size();
  }

  private static int chosen(int requested, int feignDefault, int own) {
    return requested == feignDefault ? own : requested;
  }

  /**
   * Returns {@code timeout} in milliseconds, capped to what a Courier timeout holds; a positive
   * timeout under a millisecond is one, never 0, which would mean none.
   */
  private static int millis(long timeout, TimeUnit unit) {
    if (timeout < 0) {
      throw new IllegalArgumentException("Feign timeout < 0: " + timeout + " " + unit);
    }
    long millis = unit.toMillis(timeout);
    if (millis == 0 && timeout > 0) return 1;
    return (int) Math.min(millis, Integer.MAX_VALUE);
  }

  /** What a derived client differs in. */
  private record Settings(int connectTimeoutMillis, int readTimeoutMillis,
      boolean followRedirects) {
  }
}
