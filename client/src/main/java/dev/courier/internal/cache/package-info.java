/**
 * The response cache behind {@link dev.courier.Cache}: {@link
 * dev.courier.internal.cache.CacheStrategy} applies RFC 9111 and RFC 5861 to decide between the
 * cache and the network, {@link dev.courier.internal.cache.RealCache} stores and reads entries
 * (metadata in {@link dev.courier.internal.cache.CacheEntry}'s format, bodies streamed to disk as
 * the caller reads them), and {@link dev.courier.internal.cache.DiskLruCache} keeps them crash-safe
 * and within the size limit. Everything read from disk is verified before use.
 */
package dev.courier.internal.cache;
