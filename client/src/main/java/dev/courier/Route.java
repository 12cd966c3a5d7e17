package dev.courier;

import java.net.InetSocketAddress;
import java.net.Proxy;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One concrete way to reach an {@link Address}: a proxy (or none) and the IP address and port to
 * open a TCP connection to. Each resolved address of a host is its own route, so a failed route
 * can be remembered and tried last next time.
 */
public final class Route {
  private final Address address;
  private final Proxy proxy;
  private final InetSocketAddress socketAddress;

  /** Creates a route to {@code address} through {@code proxy}, connecting to {@code socketAddress}. */
  public Route(Address address, Proxy proxy, InetSocketAddress socketAddress) {
    if (address == null) throw new IllegalArgumentException("address == null");
    if (proxy == null) throw new IllegalArgumentException("proxy == null");
    if (socketAddress == null) throw new IllegalArgumentException("socketAddress == null");
    this.address = address;
    this.proxy = proxy;
    this.socketAddress = socketAddress;
  }

  /** Returns the address this route reaches. */
  public Address address() {
    return address;
  }

  /** Returns the proxy, or {@link Proxy#NO_PROXY} for a direct connection. */
  public Proxy proxy() {
    return proxy;
  }

  /** Returns the address the TCP connection goes to: the server's, or the proxy's. */
  public InetSocketAddress socketAddress() {
    return socketAddress;
  }

  /** Returns true if this route tunnels TLS through an HTTP proxy with {@code CONNECT}. */
  public boolean requiresTunnel() {
    return proxy.type() == Proxy.Type.HTTP && address.sslSocketFactory() != null;
  }

  @Override
  public boolean equals(@Nullable Object other) {
    return other instanceof Route
        && ((Route) other).address.equals(address)
        && ((Route) other).proxy.equals(proxy)
        && ((Route) other).socketAddress.equals(socketAddress);
  }

  @Override
  public int hashCode() {
    return Objects.hash(address, proxy, socketAddress);
  }

  /** Returns the host, proxy and IP address. */
  @Override
  public String toString() {
    String host = address.url().host();
    String ip = socketAddress.getAddress() != null ? socketAddress.getAddress().getHostAddress()
        : socketAddress.getHostString();
    return "Route{" + host + ":" + address.url().port()
        + (proxy.type() != Proxy.Type.DIRECT ? " via " + proxy : "")
        + (host.equals(ip) ? "" : " at " + ip + ":" + socketAddress.getPort()) + "}";
  }
}
