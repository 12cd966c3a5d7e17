package dev.courier.internal.connection;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.ProxySelector;
import java.util.ArrayList;
import java.util.List;

import javax.net.SocketFactory;

import dev.courier.Address;
import dev.courier.Authenticator;
import dev.courier.Dns;
import dev.courier.Protocol;
import dev.courier.Route;
import org.junit.jupiter.api.Test;

/** The memory of failed routes is bounded: a client that meets many bad hosts stays small. */
class RouteDatabaseTest {
  private static final ProxySelector NO_PROXY = ProxySelector.of(null);

  private static Route route(int i) throws Exception {
    Address address = new Address("host-" + i + ".test", 80, Dns.SYSTEM, SocketFactory.getDefault(),
        null, null, Authenticator.NONE, null, NO_PROXY, List.of(Protocol.HTTP_1_1));
    InetAddress ip = InetAddress.getByAddress(new byte[] {10, (byte) (i >> 16), (byte) (i >> 8),
        (byte) i});
    return new Route(address, Proxy.NO_PROXY, new InetSocketAddress(ip, 80));
  }

  @Test
  void remembersAtMostABoundedNumberOfFailedRoutesForgettingTheOldestFirst() throws Exception {
    RouteDatabase database = new RouteDatabase();
    List<Route> routes = new ArrayList<>();
    for (int i = 0; i < 10_000; i++) {
      Route route = route(i);
      routes.add(route);
      database.failed(route);
    }
    assertThat(database.size()).isEqualTo(RouteDatabase.MAX_FAILED_ROUTES);
    assertThat(database.shouldPostpone(routes.get(0))).isFalse();
    assertThat(database.shouldPostpone(routes.get(10_000 - RouteDatabase.MAX_FAILED_ROUTES - 1)))
        .isFalse();
    assertThat(database.shouldPostpone(routes.get(10_000 - RouteDatabase.MAX_FAILED_ROUTES)))
        .isTrue();
    assertThat(database.shouldPostpone(routes.get(9_999))).isTrue();
  }

  @Test
  void aRouteThatFailsAgainIsRememberedAsRecent() throws Exception {
    RouteDatabase database = new RouteDatabase();
    List<Route> routes = new ArrayList<>();
    for (int i = 0; i <= RouteDatabase.MAX_FAILED_ROUTES; i++) routes.add(route(i));
    Route flaky = routes.get(0);
    database.failed(flaky);
    for (int i = 1; i < RouteDatabase.MAX_FAILED_ROUTES; i++) database.failed(routes.get(i));
    database.failed(flaky); // Fails again: now the most recent failure.
    database.failed(routes.get(RouteDatabase.MAX_FAILED_ROUTES));
    assertThat(database.shouldPostpone(flaky)).isTrue();
    assertThat(database.shouldPostpone(routes.get(1))).isFalse();
    assertThat(database.shouldPostpone(routes.get(2))).isTrue();
    assertThat(database.size()).isEqualTo(RouteDatabase.MAX_FAILED_ROUTES);
  }
}
