package dev.courier.internal.connection;

import java.util.Arrays;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

import dev.courier.Address;
import dev.courier.HttpUrl;

/**
 * The addresses one client has called, so a call to a known origin reuses its {@link Address}
 * instead of building one: an address is long-lived per origin, a call is not, and the pool
 * compares addresses on every lookup (an identical instance compares at once).
 *
 * <p>Keyed by host, then by port and scheme, so a lookup allocates nothing. Bounded: a client
 * calling very many hosts starts afresh rather than grow without limit.
 */
public final class AddressCache {
  private static final int MAX_HOSTS = 1024;
  private static final int MAX_PER_HOST = 8;

  private final Function<HttpUrl, Address> factory;
  private final ConcurrentHashMap<String, Address[]> byHost = new ConcurrentHashMap<>();

  /** Creates a cache that makes missing addresses with {@code factory}. */
  public AddressCache(Function<HttpUrl, Address> factory) {
    this.factory = factory;
  }

  /** Returns the address of {@code url}'s origin. */
  public Address get(HttpUrl url) {
    Address[] known = byHost.get(url.host());
    if (known != null) {
      for (Address address : known) {
        if (address.url().port() == url.port() && address.url().isHttps() == url.isHttps()) {
          return address;
        }
      }
    }
    Address created = factory.apply(url);
    if (byHost.size() >= MAX_HOSTS) byHost.clear();
    byHost.merge(url.host(), new Address[] {created}, AddressCache::append);
    return created;
  }

  private static Address[] append(Address[] existing, Address[] added) {
    if (existing.length >= MAX_PER_HOST) return added;
    Address[] result = Arrays.copyOf(existing, existing.length + 1);
    result[existing.length] = added[0];
    return result;
  }
}
