package dev.courier.internal.chain;

import java.util.List;

import dev.courier.Interceptor;
import dev.courier.internal.connection.AddressCache;
import dev.courier.internal.connection.RealConnectionPool;

/**
 * What calls need from their client beyond its public settings: the real dispatcher and pool
 * behind the public facades, and the full interceptor chain, assembled once per client.
 *
 * @param dispatcher runs asynchronous calls and counts running ones
 * @param connectionPool holds connections for reuse
 * @param interceptors application interceptors, the built-in ones and network interceptors, in
 *     chain order
 * @param revalidationInterceptors the chain of a background revalidation: {@code interceptors}
 *     without the application interceptors, which already shaped the request for the call that
 *     was answered from the cache
 * @param addresses the client's addresses by origin, reused across calls
 */
public record ClientInternals(RealDispatcher dispatcher, RealConnectionPool connectionPool,
    List<Interceptor> interceptors, List<Interceptor> revalidationInterceptors,
    AddressCache addresses) {
}
