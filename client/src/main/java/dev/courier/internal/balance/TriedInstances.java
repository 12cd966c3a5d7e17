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
 * <p>Belongs to one call and one thread: not thread-safe. A hedged attempt, which runs beside the
 * first, takes a {@link #copy()}.
 */
public final class TriedInstances {
  private static final Instance[] NONE = new Instance[0];

  private Instance[] instances = NONE;
  private int size;

  /** Creates an empty set, for a new call. */
  public TriedInstances() {
  }

  /** Returns how many instances were tried. */
  public int size() {
    return size;
  }

  /** Returns the URLs of the instances tried, in the order they were first tried. */
  public List<HttpUrl> urls() {
    List<HttpUrl> result = new ArrayList<>(size);
    for (int i = 0; i < size; i++) result.add(instances[i].url);
    return result;
  }

  /** Returns a copy to continue with separately, as a hedged attempt does. */
  public TriedInstances copy() {
    TriedInstances result = new TriedInstances();
    result.instances = size == 0 ? NONE : Arrays.copyOf(instances, size);
    result.size = size;
    return result;
  }

  void add(Instance instance) {
    if (contains(instance)) return;
    if (size == instances.length) {
      instances = Arrays.copyOf(instances, Math.max(4, size * 2));
    }
    instances[size++] = instance;
  }

  boolean contains(Instance instance) {
    for (int i = 0; i < size; i++) {
      if (instances[i] == instance) return true;
    }
    return false;
  }

  /** Returns true if {@code pool} has an instance not tried yet. */
  boolean leavesAny(Instance[] pool) {
    if (size == 0) return pool.length > 0;
    // The tried instances are distinct, so fewer of them than the pool leaves one over.
    if (size < pool.length) return true;
    for (Instance candidate : pool) {
      if (!contains(candidate)) return true;
    }
    return false;
  }

  @Override
  public String toString() {
    return "TriedInstances" + Arrays.toString(Arrays.copyOf(instances, size));
  }
}
