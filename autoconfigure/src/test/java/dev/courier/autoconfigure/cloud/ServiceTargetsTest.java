package dev.courier.autoconfigure.cloud;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.courier.CourierClient;
import dev.courier.HttpUrl;
import dev.courier.autoconfigure.CourierServices;

/** Which Courier service a URL names, the rule gateway routes and Feign clients share. */
class ServiceTargetsTest {
  private final CourierClient client = new CourierClient();
  private final ServiceTargets targets = new ServiceTargets(services(
      "catalog", "https://catalog.internal:8443/api/",
      "reviews", "http://shared.internal/reviews/",
      "ratings", "http://shared.internal/ratings/",
      "root", "http://root.internal/",
      "secret", "http://user:pass@secret.internal/"));

  /** Services in this order, each with its base URL, and one without, "unplaced". */
  private CourierServices services(String... namesAndBaseUrls) {
    Map<String, CourierClient> clients = new LinkedHashMap<>();
    Map<String, HttpUrl> urls = new LinkedHashMap<>();
    for (int i = 0; i < namesAndBaseUrls.length; i += 2) {
      clients.put(namesAndBaseUrls[i], client);
      urls.put(namesAndBaseUrls[i], HttpUrl.get(namesAndBaseUrls[i + 1]));
    }
    clients.put("unplaced", client);
    return new CourierServices(clients, urls);
  }

  @AfterEach
  void close() {
    client.close();
  }

  private ServiceTarget resolve(String uri) {
    return targets.resolve(URI.create(uri));
  }

  @Test
  void aServiceNameAsHostGoesToThePathUnderItsBaseUrl() {
    ServiceTarget target = resolve("http://catalog/items/1?colour=red%20ish");

    assertThat(target.service()).isEqualTo("catalog");
    assertThat(target.url())
        .isEqualTo(URI.create("https://catalog.internal:8443/api/items/1?colour=red%20ish"));
  }

  @Test
  void lbNamesTheServiceToo() {
    assertThat(resolve("lb://catalog/items").url())
        .isEqualTo(URI.create("https://catalog.internal:8443/api/items"));
    assertThat(resolve("lb://CATALOG").url())
        .isEqualTo(URI.create("https://catalog.internal:8443/api/"));
  }

  @Test
  void aBaseUrlWithoutPathOrWithCredentialsKeepsThem() {
    assertThat(resolve("http://root/x").url()).isEqualTo(URI.create("http://root.internal/x"));
    assertThat(resolve("http://secret/x").url())
        .isEqualTo(URI.create("http://user:pass@secret.internal/x"));
  }

  @Test
  void aServiceWithoutABaseUrlKeepsItsNameForTheEngineToResolve() {
    ServiceTarget target = resolve("lb://unplaced/items");

    assertThat(target.service()).isEqualTo("unplaced");
    assertThat(target.url()).isEqualTo(URI.create("http://unplaced/items"));
  }

  @Test
  void aNameWithAPortOrOverHttpsIsAHostNotAService() {
    assertThat(resolve("http://catalog:8080/items")).isNull();
    assertThat(resolve("https://catalog/items")).isNull();
  }

  @Test
  void aServicesOriginGoesToTheServiceUnchanged() {
    ServiceTarget target = resolve("https://catalog.internal:8443/other/path");

    assertThat(target.service()).isEqualTo("catalog");
    assertThat(target.url()).isEqualTo(URI.create("https://catalog.internal:8443/other/path"));
  }

  @Test
  void servicesSharingAnOriginAreToldApartByTheLongestBasePath() {
    assertThat(resolve("http://shared.internal/ratings/1").service()).isEqualTo("ratings");
    assertThat(resolve("http://shared.internal/reviews/1").service()).isEqualTo("reviews");
    // Neither path: the first configured of the origin.
    assertThat(resolve("http://shared.internal/other").service()).isEqualTo("reviews");
  }

  @Test
  void otherUrlsAreNoService() {
    assertThat(resolve("http://elsewhere.internal/items")).isNull();
    assertThat(resolve("http://catalog.internal:8443/api/")).isNull();
    assertThat(resolve("lb://inventory/items")).isNull();
  }
}
