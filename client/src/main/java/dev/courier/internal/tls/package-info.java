/**
 * TLS setup for new connections: applying {@link dev.courier.ConnectionSpec}s to a socket and
 * choosing the next one to fall back to, negotiating the application protocol (ALPN),
 * classifying handshake failures, holding a server to naming its host in a subjectAltName, and
 * rebuilding the trusted certificate chain that certificate pinning checks.
 */
package dev.courier.internal.tls;
