/**
 * Logging of HTTP traffic: {@link dev.courier.logging.LoggingInterceptor}, with secrets redacted.
 *
 * <p>A package of its own, as OkHttp keeps {@code okhttp3.logging} apart from {@code okhttp3}:
 * logging is an add-on built only on the public API of {@code dev.courier}, not part of the call
 * model, and keeping it out keeps that package small.
 */
@NullMarked
package dev.courier.logging;

import org.jspecify.annotations.NullMarked;
