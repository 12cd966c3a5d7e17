/**
 * What the Spring Cloud integrations share: which Courier service a URL names
 * ({@link dev.courier.autoconfigure.cloud.ServiceTargets}), so that Gateway Server MVC routes,
 * HTTP service groups and Feign clients pick a service's client by one rule.
 */
@NullMarked
package dev.courier.autoconfigure.cloud;

import org.jspecify.annotations.NullMarked;
