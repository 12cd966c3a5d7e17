package dev.courier.internal.connection;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.ProxySelector;
import java.net.UnknownHostException;
import java.util.List;

import javax.net.SocketFactory;

import dev.courier.Address;
import dev.courier.Authenticator;
import dev.courier.Dns;
import dev.courier.Protocol;
import dev.courier.Route;
import org.junit.jupiter.api.Test;

/** Address ordering for racing connects, and the memory of failed routes. */
class RouteSelectorTest {
  private static InetAddress ip(String literal) throws UnknownHostException {
    return InetAddress.getByName(literal); // Literals need no lookup.
  }

  @Test
  void interleavesFamiliesStartingWithTheFirstAddresssFamily() throws Exception {
    InetAddress v6a = ip("2001:db8::a");
    InetAddress v6b = ip("2001:db8::b");
    InetAddress v6c = ip("2001:db8::c");
    InetAddress v4a = ip("192.0.2.1");
    InetAddress v4b = ip("192.0.2.2");
    assertThat(RouteSelector.AddressOrder.INTERLEAVED.order(List.of(v6a, v6b, v6c, v4a, v4b)))
        .containsExactly(v6a, v4a, v6b, v4b, v6c);
    assertThat(RouteSelector.AddressOrder.INTERLEAVED.order(List.of(v4a, v4b, v6a)))
        .containsExactly(v4a, v6a, v4b);
  }

  @Test
  void leavesASingleFamilyAlone() throws Exception {
    List<InetAddress> v4 = List.of(ip("192.0.2.2"), ip("192.0.2.1"));
    assertThat(RouteSelector.AddressOrder.INTERLEAVED.order(v4)).isSameAs(v4);
    assertThat(RouteSelector.AddressOrder.INTERLEAVED.order(List.of())).isEmpty();
    assertThat(RouteSelector.AddressOrder.AS_RESOLVED.order(v4)).isSameAs(v4);
  }

  @Test
  void routeDatabasePostponesFailedRoutesUntilTheyConnect() throws Exception {
    Address address = new Address("origin.test", 80, Dns.SYSTEM, SocketFactory.getDefault(),
        null, null, Authenticator.NONE, null, ProxySelector.of(null), List.of(Protocol.HTTP_1_1));
    Route route = new Route(address, Proxy.NO_PROXY,
        new InetSocketAddress(ip("192.0.2.1"), 80));
    RouteDatabase database = new RouteDatabase();
    assertThat(database.shouldPostpone(route)).isFalse();
    database.failed(route);
    assertThat(database.shouldPostpone(route)).isTrue();
    database.connected(route);
    assertThat(database.shouldPostpone(route)).isFalse();
  }
}
