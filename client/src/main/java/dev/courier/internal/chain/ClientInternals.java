package dev.courier.internal.chain;

import java.util.List;

import dev.courier.Interceptor;
import dev.courier.internal.balance.ServiceRegistry;
import dev.courier.internal.connection.AddressCache;
import dev.courier.internal.connection.RealConnectionPool;

/**
 * What calls need from their client beyond its public settings: the real dispatcher and pool
 * behind the public facades, and the full interceptor chain, assembled once per client.
 *
 * @param dispatcher runs asynchronous calls and counts running ones
 * @param connectionPool holds connections for reuse
 * @param interceptors application interceptors, hedging (if a service hedges), the built-in ones
 *     and network interceptors, in chain order
 * @param revalidationInterceptors the chain below the application interceptors and hedging: that
 *     of a background revalidation (the application interceptors already shaped the request, for
 *     the call that was answered from the cache) and of a hedge (they shape the call it hedges)
 * @param addresses the client's addresses by origin, reused across calls
 * @param services the services the client routes to, by name
 */
public record ClientInternals(RealDispatcher dispatcher, RealConnectionPool connectionPool,
    List<Interceptor> interceptors, List<Interceptor> revalidationInterceptors,
    AddressCache addresses, ServiceRegistry services) {
}
