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
 * @param addresses the client's addresses by origin, reused across calls
 */
public record ClientInternals(RealDispatcher dispatcher, RealConnectionPool connectionPool,
    List<Interceptor> interceptors, AddressCache addresses) {
}
