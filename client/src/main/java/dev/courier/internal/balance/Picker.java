package dev.courier.internal.balance;

/**
 * A balancing policy: chooses one instance of a pool for an attempt. Called on every attempt of
 * every call to a service, concurrently: implementations take no lock and allocate nothing.
 */
interface Picker {
  /**
   * Returns one instance of {@code pool}.
   *
   * @param pool the eligible instances; never empty
   * @param warming how many instances of {@code pool} are in slow start at {@code now}; when some
   *     but not all are, each is picked in proportion to its {@link Instance#weight weight}
   * @param avoid instances to leave out, or null; the caller passes them only if the pool has
   *     another instance
   */
  Instance pick(Instance[] pool, int warming, TriedInstances avoid, long now);
}
