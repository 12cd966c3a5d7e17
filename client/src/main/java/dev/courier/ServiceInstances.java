package dev.courier;

import java.util.ArrayList;
import java.util.List;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

import dev.courier.internal.balance.InstanceUrls;
import dev.courier.internal.balance.RealServiceInstances;

/**
 * A named service that runs as many instances, whose list may change while the application runs:
 * the instances, how attempts are balanced over them ({@link LoadBalancing}), when a failing
 * instance is ejected ({@link OutlierDetection}), and when a slow call is hedged
 * ({@link Hedging}). It holds the live state of every instance (attempts in flight, latency,
 * ejections), shared by all the clients that call the service through it.
 *
 * <pre>{@code
 * ServiceInstances catalog = new ServiceInstances.Builder("catalog")
 *     .instances("http://10.0.0.1:8080", "http://10.0.0.2:8080", "http://10.0.0.3:8080")
 *     .build();
 *
 * catalog.update(List.of(
 *     HttpUrl.get("http://10.0.0.1:8080"), HttpUrl.get("http://10.0.0.4:8080")));
 * }</pre>
 *
 * <p>Give it to a client with {@link CourierClient.Builder#service}: requests whose host is the
 * service's name, such as {@code http://catalog/items/42}, then go to its instances. Each attempt
 * of a call picks one (the first, each retry, each follow-up to the service, each hedge); a retry
 * after a connection failure goes to an instance the call has not tried while there is one; what
 * happens to each attempt (its status, or a connect failure, reset or timeout) is reported here
 * by the engine itself, and ejects instances that keep failing.
 *
 * <p>The list can change in two ways. A registry that pushes changes calls {@link #update}. A
 * registry that is polled becomes the {@linkplain Builder#source source}, and whoever schedules
 * the polling calls {@link #refresh()}. Either way an instance that stays keeps its state, a new
 * one joins in slow start, and a dropped one leaves: attempts already in flight on it complete
 * normally. A service may have no instances for a while; its calls then fail with {@link
 * NoInstanceAvailableException} naming it.
 *
 * <p>An instance is an origin: scheme, host and port ({@code https://10.0.0.2:8443}). A URL with a
 * path, query, fragment or credentials is refused with an {@link IllegalArgumentException} naming
 * the service and the instance, and the list stays as it was: nothing in a bad list is used.
 * Duplicates are dropped. A service may mix http and https instances; a request made with https
 * only goes to https instances, never downgraded.
 *
 * <p>Thread-safe.
 */
public final class ServiceInstances {
  final RealServiceInstances delegate;
  private final Supplier<? extends List<HttpUrl>> source;

  private ServiceInstances(Builder builder, List<HttpUrl> initial) {
    this.delegate = new RealServiceInstances(builder.name, initial, builder.loadBalancing,
        builder.outlierDetection, builder.hedging, builder.clock, null);
    this.source = builder.source;
  }

  /**
   * Returns a service named {@code name} with these instances and the default settings.
   *
   * @throws IllegalArgumentException if the name or a URL is invalid
   */
  public static ServiceInstances of(String name, String... instances) {
    return new Builder(name).instances(instances).build();
  }

  /** Returns the service's name. */
  public String name() {
    return delegate.name();
  }

  /** Returns the instances now, in the order they were given, without duplicates. */
  public List<HttpUrl> instances() {
    return delegate.instances();
  }

  /**
   * Replaces the instances with {@code instances}. Instances that stay keep their state; new ones
   * join in slow start; dropped ones leave, and attempts in flight on them complete normally. An
   * empty list is allowed: calls fail until instances return.
   *
   * @throws IllegalArgumentException naming the service and the instance if the list is null or
   *     holds a null or an instance that is more than scheme, host and port; the instances are
   *     unchanged then
   */
  public void update(List<HttpUrl> instances) {
    delegate.update(instances);
  }

  /**
   * Reads the {@linkplain Builder#source source} and {@linkplain #update updates} the instances
   * with what it returns.
   *
   * @throws IllegalStateException if the service has no source
   * @throws IllegalArgumentException if the source returned an invalid list; the instances are
   *     unchanged then
   * @throws RuntimeException whatever the source threw; the instances are unchanged then
   */
  public void refresh() {
    if (source == null) {
      throw new IllegalStateException("service " + name()
          + " has no source to refresh from: give one to the builder, or call update()");
    }
    update(source.get());
  }

  /** Returns the state of each instance now, in list order, for monitoring. */
  public List<InstanceSnapshot> snapshot() {
    return delegate.snapshot();
  }

  /**
   * Returns how many times an instance of this service was ejected since the service was built,
   * whichever instance and whether or not it is still in the list; it only grows. For meters.
   */
  public long ejectionCount() {
    return delegate.ejectionCount();
  }

  /**
   * Returns how many hedges this service's calls sent since the service was built: second
   * attempts started because a call was slow, within the budget; it only grows. For meters.
   */
  public long hedgeCount() {
    return delegate.hedgePolicy().hedgeCount();
  }

  /** Returns how attempts are balanced over the instances. */
  public LoadBalancing loadBalancing() {
    return delegate.loadBalancing();
  }

  /** Returns when failing instances are ejected. */
  public OutlierDetection outlierDetection() {
    return delegate.outlierDetection();
  }

  /** Returns when slow calls are hedged. */
  public Hedging hedging() {
    return delegate.hedgePolicy().settings();
  }

  @Override
  public String toString() {
    return "ServiceInstances{" + name() + ", " + instances().size() + " instances}";
  }

  /** Builds a {@link ServiceInstances}. Not thread-safe. */
  public static final class Builder {
    private final String name;
    private List<HttpUrl> instances;
    private Supplier<? extends List<HttpUrl>> source;
    private LoadBalancing loadBalancing = LoadBalancing.DEFAULT;
    private OutlierDetection outlierDetection = OutlierDetection.DEFAULT;
    private Hedging hedging = Hedging.DISABLED;
    private LongSupplier clock = System::nanoTime;

    /**
     * Starts a service named {@code name}, which calls to it use as their host.
     *
     * @param name 1 to 253 letters, digits, {@code .}, {@code -} and {@code _}, starting with a
     *     letter or digit, such as {@code catalog}
     * @throws IllegalArgumentException if the name is not such
     */
    public Builder(String name) {
      if (name == null) throw new IllegalArgumentException("name == null");
      this.name = InstanceUrls.checkName(name);
    }

    /**
     * Sets the first instances; they start at a full share, with no slow start.
     *
     * @throws IllegalArgumentException naming the instance if one is invalid
     */
    public Builder instances(List<HttpUrl> instances) {
      if (instances == null) throw new IllegalArgumentException("instances == null");
      this.instances = InstanceUrls.check(name, instances);
      return this;
    }

    /**
     * Sets the first instances from their URLs, such as {@code "http://10.0.0.1:8080"}.
     *
     * @throws IllegalArgumentException naming the instance if one is not a valid http or https
     *     URL or is more than scheme, host and port
     */
    public Builder instances(String... instances) {
      if (instances == null) throw new IllegalArgumentException("instances == null");
      List<HttpUrl> urls = new ArrayList<>(instances.length);
      for (int i = 0; i < instances.length; i++) {
        if (instances[i] == null) {
          throw new IllegalArgumentException("instance " + i + " of service " + name
              + " is null");
        }
        HttpUrl url = HttpUrl.parse(instances[i]);
        if (url == null) {
          throw new IllegalArgumentException("instance " + i + " of service " + name
              + " is not an absolute http or https URL");
        }
        urls.add(url);
      }
      return instances(urls);
    }

    /**
     * Sets where {@link ServiceInstances#refresh()} reads the instances from, such as a
     * registry client. Unless {@link #instances} are given, {@link #build()} reads it once for the
     * first instances.
     *
     * @throws IllegalArgumentException if {@code source} is null
     */
    public Builder source(Supplier<? extends List<HttpUrl>> source) {
      if (source == null) throw new IllegalArgumentException("source == null");
      this.source = source;
      return this;
    }

    /**
     * Sets how attempts are balanced; {@link LoadBalancing#DEFAULT} unless set.
     *
     * @throws IllegalArgumentException if {@code loadBalancing} is null
     */
    public Builder loadBalancing(LoadBalancing loadBalancing) {
      if (loadBalancing == null) throw new IllegalArgumentException("loadBalancing == null");
      this.loadBalancing = loadBalancing;
      return this;
    }

    /**
     * Sets when failing instances are ejected; {@link OutlierDetection#DEFAULT} unless set.
     *
     * @throws IllegalArgumentException if {@code outlierDetection} is null
     */
    public Builder outlierDetection(OutlierDetection outlierDetection) {
      if (outlierDetection == null) {
        throw new IllegalArgumentException("outlierDetection == null");
      }
      this.outlierDetection = outlierDetection;
      return this;
    }

    /**
     * Sets when slow calls are hedged; {@link Hedging#DISABLED} unless set.
     *
     * @throws IllegalArgumentException if {@code hedging} is null
     */
    public Builder hedging(Hedging hedging) {
      if (hedging == null) throw new IllegalArgumentException("hedging == null");
      this.hedging = hedging;
      return this;
    }

    /**
     * Sets the monotonic nanosecond clock that times ejections, slow starts, latencies and the
     * hedge budget, so that tests can move time instead of waiting for it.
     */
    Builder clock(LongSupplier clock) {
      if (clock == null) throw new IllegalArgumentException("clock == null");
      this.clock = clock;
      return this;
    }

    /**
     * Returns the service.
     *
     * @throws IllegalArgumentException if the source returned an invalid list
     * @throws RuntimeException whatever the source threw
     */
    public ServiceInstances build() {
      List<HttpUrl> initial = instances;
      if (initial == null) initial = source != null ? source.get() : List.of();
      return new ServiceInstances(this, initial);
    }
  }
}
