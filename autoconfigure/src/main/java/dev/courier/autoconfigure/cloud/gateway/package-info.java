/**
 * Spring Cloud Gateway Server MVC on Courier: routes whose target is a Courier service proxy
 * through that service's client, upstream failures reach the gateway's caller as 502, 503 or 504,
 * and the pool keeps as many idle connections as a gateway has workers.
 */
@NullMarked
package dev.courier.autoconfigure.cloud.gateway;

import org.jspecify.annotations.NullMarked;
