/**
 * Courier's public API: {@link dev.courier.CourierClient} makes {@link dev.courier.Call}s from
 * {@link dev.courier.Request}s and returns {@link dev.courier.Response}s, through a chain of
 * {@link dev.courier.Interceptor}s, with the values and settings they share ({@link
 * dev.courier.HttpUrl}, {@link dev.courier.Headers}, {@link dev.courier.ConnectionPool}, {@link
 * dev.courier.Dispatcher}, {@link dev.courier.Cache}, TLS and proxy settings, {@link
 * dev.courier.EventListener}).
 *
 * <p>Nothing is null unless annotated {@code @Nullable}: a parameter so marked accepts null, a
 * method so marked may return it, and every other reference is never null. Passing null where it
 * is not accepted is a programming error: constructors, factories and builder methods, which keep
 * what they are given, refuse it at once with an {@link java.lang.IllegalArgumentException}
 * naming the parameter, such as {@code "url == null"}.
 *
 * <p>Everything under {@code dev.courier.internal} is implementation and may change at any time.
 */
@NullMarked
package dev.courier;

import org.jspecify.annotations.NullMarked;
