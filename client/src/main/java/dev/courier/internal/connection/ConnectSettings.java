package dev.courier.internal.connection;

/**
 * The client settings a connect attempt needs, gathered once per route planner so that plans
 * (which are copied for each retry and fallback) carry one reference instead of six values.
 *
 * @param connectTimeoutMillis limit on the TCP connect and, separately, the TLS handshake
 * @param readTimeoutMillis read limit on the new socket, also for the proxy's CONNECT response
 * @param writeTimeoutMillis write limit for the CONNECT request, and for every write of an HTTP/2
 *     connection, which many calls share
 * @param retryOnConnectionFailure whether a failed attempt may be followed by another route or a
 *     TLS fallback
 * @param userAgent the {@code User-Agent} sent to a proxy with {@code CONNECT}
 * @param pingIntervalMillis the interval of an HTTP/2 connection's keep-alive PINGs; 0 for none
 */
public record ConnectSettings(int connectTimeoutMillis, int readTimeoutMillis,
    int writeTimeoutMillis, boolean retryOnConnectionFailure, String userAgent,
    int pingIntervalMillis) {
}
