package dev.courier.autoconfigure;

import java.time.Duration;

import dev.courier.ServiceInstances;

/**
 * Finds the instances of a service configured with {@code base-url: lb://<service-id>} and keeps
 * its {@link ServiceInstances} up to date while the application runs. The starter provides one on
 * Spring Cloud ({@code dev.courier.autoconfigure.cloud.discovery}): LoadBalancer's
 * {@code ServiceInstanceListSupplier} when present, else the {@code DiscoveryClient}. Define a bean
 * of this type to find instances elsewhere.
 *
 * <p>The registry is hostile input: an implementation skips an instance it cannot use (a bad host,
 * port or scheme) with a log line naming the service, never drops the whole list for one bad
 * entry, and never logs credentials. An empty list is passed on: the service's calls then fail
 * with {@code NoInstanceAvailableException} until instances return.
 */
public interface CourierServiceDiscovery {

  /**
   * Keeps {@code instances} up to date with what discovery knows of {@code serviceId}, from when
   * the application context starts until it stops. Called while the Courier beans are built,
   * before the context starts.
   *
   * @param serviceId the id the registry knows the service by, from {@code lb://<service-id>}
   * @param instances the service, named as configured under {@code courier.services}, which
   *     starts with no instances
   * @param refreshInterval how often to read the instances again where discovery does not push
   *     changes ({@code courier.services.<name>.discovery.refresh-interval})
   * @throws CourierConfigurationException if discovery cannot serve the service, naming why
   */
  void track(String serviceId, ServiceInstances instances, Duration refreshInterval);
}
