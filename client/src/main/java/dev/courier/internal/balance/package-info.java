/**
 * Services with many instances: {@link dev.courier.internal.balance.RealServiceInstances} keeps a
 * service's instances and their state, picks one for each attempt of a call (least request by
 * power of two choices weighted by a latency moving average, or round robin; slow start for new
 * instances; avoiding instances the call already tried), ejects instances that keep failing and
 * returns them later ({@link dev.courier.internal.balance.OutlierDetector}), and decides when a
 * call may be hedged ({@link dev.courier.internal.balance.HedgePolicy}).
 *
 * <p>Picking is the hot path: it takes no lock and allocates only the {@link
 * dev.courier.internal.balance.Pick} that tracks the attempt. Outcomes come back through that
 * pick. Time comes from an injected nanosecond clock and randomness from an injected generator,
 * so every decision can be tested without sleeping.
 */
package dev.courier.internal.balance;
