/**
 * The machinery behind {@link dev.courier.HttpUrl}: the WHATWG-style parser, percent-encoding with
 * one encode set per URL component, host canonicalisation (IDN to punycode, IPv4 and IPv6 literals)
 * and the mutable components a {@link dev.courier.HttpUrl.Builder} edits.
 *
 * <p>Nothing here is API; {@code HttpUrl} is the only supported way to use it.
 */
package dev.courier.internal.url;
