package dev.courier.internal.balance;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

import dev.courier.HttpUrl;

/**
 * The services one client routes to, by name: a request whose host is a registered name goes to
 * one of that service's instances. Every call asks, once per attempt, so a lookup is one
 * {@code HashMap} read, and a client with no services skips even that.
 *
 * <p>Names are matched without regard to case, as host names are; the URL's port and path play no
 * part. Immutable.
 */
public final class ServiceRegistry {
  /** The registry of a client with no services. */
  public static final ServiceRegistry EMPTY = new ServiceRegistry(Map.of());

  private final Map<String, RealServiceInstances> byName;

  private ServiceRegistry(Map<String, RealServiceInstances> byName) {
    this.byName = byName;
  }

  /** Returns a registry of {@code services}, whose names are distinct, ignoring case. */
  public static ServiceRegistry of(Iterable<RealServiceInstances> services) {
    Map<String, RealServiceInstances> byName = new HashMap<>();
    for (RealServiceInstances service : services) {
      byName.put(service.name().toLowerCase(Locale.ROOT), service);
    }
    return byName.isEmpty() ? EMPTY : new ServiceRegistry(byName);
  }

  /** Returns true if no service is registered. */
  public boolean isEmpty() {
    return byName.isEmpty();
  }

  /** Returns the service {@code url} calls, or null if its host names none. */
  public RealServiceInstances lookup(HttpUrl url) {
    if (byName.isEmpty()) return null;
    // HttpUrl keeps host names in lower case, the form the keys are in.
    return byName.get(url.host());
  }

  /** Returns true if some service hedges calls, so the client needs a hedging step at all. */
  public boolean anyHedges() {
    for (RealServiceInstances service : byName.values()) {
      if (service.hedgePolicy().settings().isEnabled()) return true;
    }
    return false;
  }

  @Override
  public String toString() {
    return "ServiceRegistry" + byName.keySet();
  }
}
