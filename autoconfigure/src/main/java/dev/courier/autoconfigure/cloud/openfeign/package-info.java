/**
 * Spring Cloud OpenFeign on Courier: {@code @FeignClient}s run on {@code courier-openfeign}'s
 * {@code CourierFeignClient}, a Courier service's clients on that service's client and base URL.
 */
@NullMarked
package dev.courier.autoconfigure.cloud.openfeign;

import org.jspecify.annotations.NullMarked;
