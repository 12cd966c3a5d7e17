package dev.courier.internal.balance;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import dev.courier.HttpUrl;

/**
 * The instances one call has already tried, so that a retry goes elsewhere while another
 * instance is available ("previous hosts", as Envoy's retry host predicate calls it). Each
 * {@link RealServiceInstances#pick pick} made with it adds its instance.
 *
 * <p>One thread adds (the one running the call's attempts); any thread may read, as the hedging
 * timer does when it asks whether another instance is left and takes a {@link #copy()} for the
 * hedge. Each addition publishes a new array, so a reader always sees a consistent set: a call
 * tries a handful of instances at most, and copying that few is cheaper than a lock on every
 * pick.
 */
public final class TriedInstances {
  private static final Instance[] NONE = new Instance[0];

  private volatile Instance[] instances = NONE;

  /** Creates an empty set, for a new call. */
  public TriedInstances() {
  }

  private TriedInstances(Instance[] instances) {
    this.instances = instances;
  }

  /** Returns how many instances were tried. */
  public int size() {
    return instances.length;
  }

  /** Returns the URLs of the instances tried, in the order they were first tried. */
  public List<HttpUrl> urls() {
    Instance[] current = instances;
    List<HttpUrl> result = new ArrayList<>(current.length);
    for (Instance instance : current) result.add(instance.url);
    return result;
  }

  /** Returns a copy to continue with separately, as a hedged attempt does. */
  public TriedInstances copy() {
    return new TriedInstances(instances);
  }

  void add(Instance instance) {
    Instance[] current = instances;
    if (contains(current, instance)) return;
    Instance[] next = Arrays.copyOf(current, current.length + 1);
    next[current.length] = instance;
    instances = next;
  }

  boolean contains(Instance instance) {
    return contains(instances, instance);
  }

  private static boolean contains(Instance[] tried, Instance instance) {
    for (Instance candidate : tried) {
      if (candidate == instance) return true;
    }
    return false;
  }

  /** Returns true if {@code pool} has an instance not tried yet. */
  boolean leavesAny(Instance[] pool) {
    Instance[] tried = instances;
    // The tried instances are distinct, so fewer of them than the pool leaves one over.
    if (tried.length < pool.length) return true;
    for (Instance candidate : pool) {
      if (!contains(tried, candidate)) return true;
    }
    return false;
  }

  @Override
  public String toString() {
    return "TriedInstances" + Arrays.toString(instances);
  }
}
