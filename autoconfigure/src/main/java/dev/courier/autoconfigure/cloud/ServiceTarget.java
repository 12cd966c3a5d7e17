package dev.courier.autoconfigure.cloud;

import java.net.URI;

/**
 * A request's target that is a Courier service: the service's name, and the URL to call, which
 * is the request's own or, for one addressed to {@code http://<name>}, the same path under the
 * service's base URL. Immutable.
 */
public final class ServiceTarget {
  private final String service;
  private final URI url;

  ServiceTarget(String service, URI url) {
    this.service = service;
    this.url = url;
  }

  /** Returns the name of the Courier service, as configured under {@code courier.services}. */
  public String service() {
    return service;
  }

  /** Returns the URL to call on the service. */
  public URI url() {
    return url;
  }

  @Override
  public String toString() {
    return "ServiceTarget{" + service + "}";
  }
}
