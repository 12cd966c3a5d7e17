package dev.courier;

import java.io.IOException;

/**
 * Thrown when a call to a {@link ServiceInstances service} finds no instance to send an attempt
 * to: its instance list is empty, none of its instances can carry the request (an {@code https}
 * request to a service whose instances are all {@code http}), or every instance is ejected and
 * the panic threshold is 0. The message names the service. Retrying at once does not help; the
 * call is not retried.
 */
public final class NoInstanceAvailableException extends IOException {
  private static final long serialVersionUID = 1L;

  private final String serviceName;

  /** Creates an exception for {@code serviceName} with a message saying why. */
  public NoInstanceAvailableException(String serviceName, String message) {
    super(checkMessage(serviceName, message));
    this.serviceName = serviceName;
  }

  /** Returns the name of the service that had no instance available. */
  public String serviceName() {
    return serviceName;
  }

  /** Refuses nulls before {@code super} takes the message, in the order of the parameters. */
  private static String checkMessage(String serviceName, String message) {
    if (serviceName == null) throw new IllegalArgumentException("serviceName == null");
    if (message == null) throw new IllegalArgumentException("message == null");
    return message;
  }
}
