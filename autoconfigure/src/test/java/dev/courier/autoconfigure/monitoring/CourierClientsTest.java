package dev.courier.autoconfigure.monitoring;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.courier.ConnectionPool;
import dev.courier.CourierClient;
import dev.courier.HttpUrl;
import dev.courier.autoconfigure.CourierServices;

/** {@link CourierClients} names clients and the clients sharing each resource. */
class CourierClientsTest {
  private final CourierClient shared = new CourierClient();
  private final CourierClient catalog = shared.newBuilder().build();
  private final CourierClient billing = shared.newBuilder()
      .connectionPool(new ConnectionPool(1, Duration.ofMinutes(1))).build();

  @AfterEach
  void tearDown() {
    shared.close();
    billing.connectionPool().evictAll();
  }

  private CourierClients clients() {
    Map<String, CourierClient> services = new LinkedHashMap<>();
    services.put("catalog", catalog);
    services.put("billing", billing);
    return CourierClients.of(shared, new CourierServices(services,
        Map.of("catalog", HttpUrl.get("http://catalog:8080/api/"))));
  }

  @Test
  void sharedClientComesFirstAsDefaultThenServicesInOrder() {
    CourierClients clients = clients();
    assertThat(clients.names()).containsExactly("default", "catalog", "billing");
    assertThat(clients.client("default")).isSameAs(shared);
    assertThat(clients.baseUrl("catalog")).hasToString("http://catalog:8080/api/");
    assertThat(clients.baseUrl("billing")).isNull();
    assertThat(clients.client("unknown")).isNull();
  }

  @Test
  void eachResourceNamesTheClientsSharingIt() {
    CourierClients clients = clients();
    assertThat(clients.sharing("catalog", CourierClient::connectionPool))
        .containsExactly("default", "catalog");
    assertThat(clients.sharing("billing", CourierClient::connectionPool))
        .containsExactly("billing");
  }

  @Test
  void missingBeansGiveNoClients() {
    assertThat(CourierClients.of(null, null).names()).isEmpty();
  }
}
