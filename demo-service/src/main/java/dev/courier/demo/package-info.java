/**
 * The demo service: a Spring Boot application that calls an upstream through Courier.
 */
@NullMarked
package dev.courier.demo;

import org.jspecify.annotations.NullMarked;
