/** A {@code feign.Client} on Courier, so Feign interfaces run on a Courier client. */
@NullMarked
package dev.courier.openfeign;

import org.jspecify.annotations.NullMarked;
