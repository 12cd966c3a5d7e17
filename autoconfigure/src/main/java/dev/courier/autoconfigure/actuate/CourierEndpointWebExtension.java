package dev.courier.autoconfigure.actuate;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import org.springframework.boot.actuate.endpoint.InvalidEndpointRequestException;
import org.springframework.boot.actuate.endpoint.annotation.DeleteOperation;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;
import org.springframework.boot.actuate.endpoint.annotation.WriteOperation;
import org.springframework.boot.actuate.endpoint.web.WebEndpointResponse;
import org.springframework.boot.actuate.endpoint.web.annotation.EndpointWebExtension;

/**
 * The {@code courier} endpoint over HTTP: the same operations, with an unknown client a 404 and
 * an unknown action a 400, each with a body that says what is known, on reads and writes alike
 * (an operation returning nothing would be a bare 404 on a read and a 204 on a write).
 */
@EndpointWebExtension(endpoint = CourierEndpoint.class)
public class CourierEndpointWebExtension {
  private final CourierEndpoint endpoint;

  CourierEndpointWebExtension(CourierEndpoint endpoint) {
    this.endpoint = endpoint;
  }

  /** Returns the state of the client named {@code name}, or a 404 naming the known clients. */
  @ReadOperation
  public WebEndpointResponse<Object> client(@Selector String name) {
    return respond(name, () -> endpoint.client(name));
  }

  /** Runs {@code action} on the client named {@code name}; see {@link CourierEndpoint#write}. */
  @WriteOperation
  public WebEndpointResponse<Object> write(@Selector String name, @Selector String action) {
    return respond(name, () -> endpoint.write(name, action));
  }

  /** Clears the cache of the client named {@code name}; see {@link CourierEndpoint#clearCache}. */
  @DeleteOperation
  public WebEndpointResponse<Object> clearCache(@Selector String name) {
    return respond(name, () -> endpoint.clearCache(name));
  }

  private WebEndpointResponse<Object> respond(String name, Supplier<Object> operation) {
    List<String> known = new ArrayList<>();
    endpoint.names().forEach(known::add);
    if (!known.contains(name)) {
      return new WebEndpointResponse<>(Map.of(
          "message", "No Courier client named '" + name + "'", "clients", known),
          WebEndpointResponse.STATUS_NOT_FOUND);
    }
    try {
      return new WebEndpointResponse<>(operation.get(), WebEndpointResponse.STATUS_OK);
    } catch (InvalidEndpointRequestException e) {
      return new WebEndpointResponse<>(Map.of("message", e.getMessage() + ". " + e.getReason()),
          WebEndpointResponse.STATUS_BAD_REQUEST);
    }
  }
}
