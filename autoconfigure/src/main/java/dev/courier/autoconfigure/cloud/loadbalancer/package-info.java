/**
 * Spring Cloud LoadBalancer beside Courier: HTTP service groups of Courier services keep the
 * service's client and base URL where LoadBalancer would point them at {@code http://<group>}.
 */
@NullMarked
package dev.courier.autoconfigure.cloud.loadbalancer;

import org.jspecify.annotations.NullMarked;
