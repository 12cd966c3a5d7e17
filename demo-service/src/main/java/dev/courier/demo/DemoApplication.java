package dev.courier.demo;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.web.service.registry.ImportHttpServices;

import dev.courier.demo.api.CatalogApi;
import dev.courier.demo.fleet.FleetSettings;
import dev.courier.demo.upstream.UpstreamSettings;

/**
 * A service that calls an upstream through Courier, three ways: a named service client, a Spring
 * HTTP interface and Boot's {@code RestClient}. The upstream is embedded under {@code /upstream},
 * on the same port, and the three instances of the {@code fleet} service are small servers the demo
 * runs itself on loopback, so the demo needs nothing else running.
 */
@SpringBootApplication
@EnableConfigurationProperties({UpstreamSettings.class, FleetSettings.class})
@ImportHttpServices(group = "catalog", types = CatalogApi.class)
public class DemoApplication {
  /** Starts the demo; open http://localhost:8080/ to watch it. */
  public static void main(String[] args) {
    SpringApplication.run(DemoApplication.class, args);
  }
}
