/**
 * Logging of HTTP traffic: {@link dev.courier.logging.LoggingInterceptor}, with secrets redacted,
 * and {@link dev.courier.logging.RedactedUrls}, the one place that renders URLs without their
 * secrets for logs, metrics and traces.
 *
 * <p>A package of its own, as OkHttp keeps {@code okhttp3.logging} apart from {@code okhttp3}:
 * logging is an add-on built only on the public API of {@code dev.courier}, not part of the call
 * model, and keeping it out keeps that package small.
 */
@NullMarked
package dev.courier.logging;

import org.jspecify.annotations.NullMarked;
