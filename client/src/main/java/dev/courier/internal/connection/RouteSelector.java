package dev.courier.internal.connection;

import java.io.IOException;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.SocketAddress;
import java.net.SocketException;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.NoSuchElementException;

import dev.courier.Address;
import dev.courier.Call;
import dev.courier.EventListener;
import dev.courier.HttpUrl;
import dev.courier.Route;

/**
 * Lists the routes to an address: for each proxy, each resolved IP address. Routes that failed
 * recently come last, after every fresh one.
 */
public final class RouteSelector {
  private final Address address;
  private final RouteDatabase routeDatabase;
  private final Call call;
  private final EventListener eventListener;
  private final AddressOrder addressOrder;

  private List<Proxy> proxies = List.of();
  private int nextProxyIndex;
  private List<InetSocketAddress> inetSocketAddresses = List.of();
  private final List<Route> postponedRoutes = new ArrayList<>();

  /** Orders the addresses DNS returned before they become routes. */
  @FunctionalInterface
  public interface AddressOrder {
    /** Leaves DNS's order as it is. */
    AddressOrder AS_RESOLVED = addresses -> addresses;

    /**
     * Alternates address families, starting with the family of the first address DNS returned
     * (RFC 8305 §4), so that a racing connect tries the other family 250 ms later instead of
     * after every address of a broken one.
     */
    AddressOrder INTERLEAVED = RouteSelector::interleave;

    /** Returns {@code addresses} in the order to try them. */
    List<InetAddress> order(List<InetAddress> addresses);
  }

  /** Creates a selector for {@code address}; proxies are chosen at once. */
  public RouteSelector(Address address, RouteDatabase routeDatabase, ConnectionUser user,
      AddressOrder addressOrder) {
    this.address = address;
    this.routeDatabase = routeDatabase;
    this.call = user.call();
    this.eventListener = user.eventListener();
    this.addressOrder = addressOrder;
    resetNextProxy();
  }

  /** Returns true if there are more routes to try. */
  public boolean hasNext() {
    return hasNextProxy() || !postponedRoutes.isEmpty();
  }

  /**
   * Returns the routes through the next proxy that has any, resolving its addresses.
   *
   * @throws UnknownHostException if DNS knows no address for the host
   */
  public Selection next() throws IOException {
    if (!hasNext()) throw new NoSuchElementException();
    List<Route> routes = new ArrayList<>();
    while (hasNextProxy()) {
      Proxy proxy = nextProxy();
      for (InetSocketAddress socketAddress : inetSocketAddresses) {
        Route route = new Route(address, proxy, socketAddress);
        if (routeDatabase.shouldPostpone(route)) {
          postponedRoutes.add(route);
        } else {
          routes.add(route);
        }
      }
      if (!routes.isEmpty()) break;
    }
    if (routes.isEmpty()) {
      routes.addAll(postponedRoutes);
      postponedRoutes.clear();
    }
    return new Selection(routes);
  }

  private void resetNextProxy() {
    HttpUrl url = address.url();
    eventListener.proxySelectStart(call, url);
    if (address.proxy() != null) {
      proxies = List.of(address.proxy());
    } else {
      URI uri = url.uri();
      List<Proxy> selected = uri.getHost() == null ? null : address.proxySelector().select(uri);
      proxies = selected == null || selected.isEmpty() ? List.of(Proxy.NO_PROXY)
          : List.copyOf(selected);
    }
    nextProxyIndex = 0;
    eventListener.proxySelectEnd(call, url, proxies);
  }

  private boolean hasNextProxy() {
    return nextProxyIndex < proxies.size();
  }

  private Proxy nextProxy() throws IOException {
    Proxy result = proxies.get(nextProxyIndex++);
    resetNextInetSocketAddress(result);
    return result;
  }

  private void resetNextInetSocketAddress(Proxy proxy) throws IOException {
    String socketHost;
    int socketPort;
    if (proxy.type() == Proxy.Type.DIRECT || proxy.type() == Proxy.Type.SOCKS) {
      socketHost = address.url().host();
      socketPort = address.url().port();
    } else {
      SocketAddress proxyAddress = proxy.address();
      if (!(proxyAddress instanceof InetSocketAddress)) {
        throw new IllegalArgumentException(
            "Proxy.address() is not an InetSocketAddress: " + proxyAddress);
      }
      socketHost = ((InetSocketAddress) proxyAddress).getHostString();
      socketPort = ((InetSocketAddress) proxyAddress).getPort();
    }
    if (socketPort < 1 || socketPort > 65535) {
      throw new SocketException("No route to " + socketHost + ":" + socketPort
          + "; port is out of range");
    }
    if (proxy.type() == Proxy.Type.SOCKS) {
      // The SOCKS proxy resolves the name.
      inetSocketAddresses = List.of(InetSocketAddress.createUnresolved(socketHost, socketPort));
      return;
    }
    List<InetAddress> addresses;
    if (isIpLiteral(socketHost)) {
      addresses = List.of(InetAddress.getByName(socketHost));
    } else {
      eventListener.dnsStart(call, socketHost);
      addresses = address.dns().lookup(socketHost);
      if (addresses == null || addresses.isEmpty()) {
        throw new UnknownHostException(address.dns() + " returned no addresses for " + socketHost);
      }
      eventListener.dnsEnd(call, socketHost, addresses);
      addresses = addressOrder.order(addresses);
    }
    List<InetSocketAddress> result = new ArrayList<>(addresses.size());
    for (InetAddress inetAddress : addresses) {
      result.add(new InetSocketAddress(inetAddress, socketPort));
    }
    inetSocketAddresses = result;
  }

  /**
   * Returns {@code addresses} with IPv6 and IPv4 addresses alternating, each family in its DNS
   * order, starting with the first address's family; what remains of the longer family follows.
   */
  static List<InetAddress> interleave(List<InetAddress> addresses) {
    if (addresses.size() < 2) return addresses;
    List<InetAddress> first = new ArrayList<>();
    List<InetAddress> second = new ArrayList<>();
    boolean firstIsV6 = addresses.get(0) instanceof Inet6Address;
    for (InetAddress address : addresses) {
      ((address instanceof Inet6Address) == firstIsV6 ? first : second).add(address);
    }
    if (second.isEmpty()) return addresses;
    List<InetAddress> result = new ArrayList<>(addresses.size());
    for (int i = 0; i < Math.max(first.size(), second.size()); i++) {
      if (i < first.size()) result.add(first.get(i));
      if (i < second.size()) result.add(second.get(i));
    }
    return result;
  }

  /** Returns true for an IPv4 or IPv6 literal, which needs no DNS lookup. */
  static boolean isIpLiteral(String host) {
    if (host.indexOf(':') != -1) return true; // Canonical IPv6 hosts have no brackets.
    if (host.isEmpty()) return false;
    int dots = 0;
    for (int i = 0; i < host.length(); i++) {
      char c = host.charAt(i);
      if (c == '.') {
        dots++;
      } else if (c < '0' || c > '9') {
        return false;
      }
    }
    return dots == 3;
  }

  /** The routes through one proxy, consumed in order. */
  public static final class Selection {
    private final List<Route> routes;
    private int nextRouteIndex;

    Selection(List<Route> routes) {
      this.routes = List.copyOf(routes);
    }

    /** Returns every route in this selection. */
    public List<Route> routes() {
      return routes;
    }

    /** Returns true if a route remains. */
    public boolean hasNext() {
      return nextRouteIndex < routes.size();
    }

    /** Returns the next route. */
    public Route next() {
      if (!hasNext()) throw new NoSuchElementException();
      return routes.get(nextRouteIndex++);
    }
  }
}
