package dev.courier.autoconfigure.actuate;

import java.util.Map;

import org.springframework.boot.actuate.endpoint.OperationResponseBody;

/**
 * What {@code GET /actuator/courier} returns: every Courier client by name, the shared one as
 * {@code default}, then each service.
 *
 * @param clients each client's state, by name, in that order
 */
public record CourierDescriptor(Map<String, ClientDescriptor> clients)
    implements OperationResponseBody {
}
