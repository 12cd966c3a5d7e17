package dev.courier.demo.fleet;

import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Where the fleet's instances listen, under {@code demo.fleet}. Instance {@code n} (from 1) listens
 * on {@code ports[n-1]} of 127.0.0.1; {@code courier.services.fleet.instances} names the same ports.
 *
 * @param ports one port per instance
 */
@ConfigurationProperties("demo.fleet")
public record FleetSettings(List<Integer> ports) {
  /** Checks the ports: at least one, each a real port, none twice. */
  public FleetSettings {
    ports = ports == null ? List.of() : List.copyOf(ports);
    if (ports.isEmpty()) {
      throw new IllegalArgumentException("demo.fleet.ports must name one port per instance");
    }
    for (int port : ports) {
      if (port < 1 || port > 65535) {
        throw new IllegalArgumentException("demo.fleet.ports: not a port: " + port);
      }
    }
    if (ports.stream().distinct().count() != ports.size()) {
      throw new IllegalArgumentException("demo.fleet.ports names a port twice: " + ports);
    }
  }
}
