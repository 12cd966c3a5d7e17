package dev.courier.openfeign;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import feign.Feign;
import feign.Param;
import feign.Request;
import feign.RequestLine;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.Test;

import dev.courier.CourierClient;

/** The README's "Without Spring" Feign example, as written there: Courier and Feign alone. */
class WithoutSpringTest {

  interface CatalogApi {
    @RequestLine("GET /items/{id}")
    String item(@Param("id") long id);
  }

  @Test
  void theReadmeExampleCallsTheServiceOnCourier() throws Exception {
    CourierClient courierClient = new CourierClient.Builder()
        .readTimeout(Duration.ofSeconds(2))
        .build();
    try (MockWebServer server = new MockWebServer()) {
      server.start();
      server.enqueue(new MockResponse.Builder().body("item 42").build());
      String catalogUrl = server.url("/api").toString();

      CatalogApi catalog = Feign.builder()
          .client(new CourierFeignClient(courierClient))   // pool, interceptors, timeouts
          .options(new Request.Options())                  // Feign's defaults: Courier's apply
          .target(CatalogApi.class, catalogUrl);
      String item = catalog.item(42);

      assertThat(item).isEqualTo("item 42");
      RecordedRequest recorded = server.takeRequest();
      assertThat(recorded.getTarget()).isEqualTo("/api/items/42");
    } finally {
      courierClient.close();
    }
  }
}
