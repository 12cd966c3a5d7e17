package dev.courier.internal.balance;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import java.util.random.RandomGenerator;

import dev.courier.Hedging;
import dev.courier.HttpUrl;
import dev.courier.InstanceSnapshot;
import dev.courier.LoadBalancing;
import dev.courier.NoInstanceAvailableException;
import dev.courier.OutlierDetection;

/**
 * A service with many instances, behind {@link dev.courier.ServiceInstances}: its instance list
 * (which may change at run time), the state of each instance, and the balancer that picks one for
 * each attempt.
 *
 * <p>{@link #pick} runs for every attempt of every call, so it reads an immutable {@link View}
 * from one volatile field, takes no lock and allocates only the {@link Pick}. Everything that
 * changes the view (an update of the list, an ejection, a return, the end of a slow start) takes
 * this object's lock, builds a new view and publishes it. Returns and the ends of slow starts
 * happen at known times, so the view records the earliest of them and the first pick after it
 * rebuilds the view; no timer thread is needed.
 *
 * <p>Outcomes arrive through the {@link Pick}: a response's latency feeds the instance's moving
 * average and the service's latency histogram; its status, or a failure without a response, feeds
 * the {@link OutlierDetector}, whose verdict this class applies under its lock, within the
 * maximum ejection percentage. Outcomes of an attempt picked before its instance's latest ejection
 * are stale and count only for latency.
 */
public final class RealServiceInstances {
  /** The time constant of each instance's latency average, as Finagle's and Linkerd's. */
  static final long LATENCY_TAU_NANOS = TimeUnit.SECONDS.toNanos(10);

  private static final BalancerListener[] NO_LISTENERS = new BalancerListener[0];

  private final String name;
  private final LoadBalancing loadBalancing;
  private final OutlierDetection outlierDetection;
  private final LongSupplier clock;
  private final Picker picker;
  private final OutlierDetector detector;
  private final LatencyHistogram latencies;
  private final HedgePolicy hedgePolicy;
  private final long slowStartNanos;
  private final AtomicLong totalEjections = new AtomicLong();
  private volatile BalancerListener[] listeners = NO_LISTENERS;
  private volatile View view;

  // Guarded by this.
  private Instance[] members;
  private int ejectedCount;

  /**
   * Creates a service.
   *
   * @param initial the first instances; checked by {@link InstanceUrls#check}
   * @param clock a monotonic clock in nanoseconds, such as {@code System::nanoTime}
   * @param random the random source for sampling, or null for a thread-local one
   * @throws IllegalArgumentException if the name or an instance is invalid
   */
  public RealServiceInstances(String name, List<HttpUrl> initial, LoadBalancing loadBalancing,
      OutlierDetection outlierDetection, Hedging hedging, LongSupplier clock,
      RandomGenerator random) {
    this.name = InstanceUrls.checkName(name);
    this.loadBalancing = loadBalancing;
    this.outlierDetection = outlierDetection;
    this.clock = clock;
    RandomGenerator source = random != null ? random : ThreadLocalRandomSource.INSTANCE;
    this.picker = loadBalancing.policy() == LoadBalancing.Policy.ROUND_ROBIN
        ? new RoundRobinPicker(source) : new LeastRequestPicker(source);
    this.detector = new OutlierDetector(outlierDetection);
    long now = clock.getAsLong();
    this.latencies = new LatencyHistogram(now);
    this.hedgePolicy = new HedgePolicy(hedging, latencies, clock);
    this.slowStartNanos = loadBalancing.slowStartWindow().toNanos();
    List<HttpUrl> urls = InstanceUrls.check(this.name, initial);
    synchronized (this) {
      members = new Instance[urls.size()];
      for (int i = 0; i < members.length; i++) {
        members[i] = new Instance(urls.get(i), now, 0L, LATENCY_TAU_NANOS);
      }
      view = buildView(now);
    }
  }

  /** Returns the service's name. */
  public String name() {
    return name;
  }

  /** Returns the balancing settings. */
  public LoadBalancing loadBalancing() {
    return loadBalancing;
  }

  /** Returns the ejection settings. */
  public OutlierDetection outlierDetection() {
    return outlierDetection;
  }

  /** Returns the hedging policy, with its settings, latency percentile and budget. */
  public HedgePolicy hedgePolicy() {
    return hedgePolicy;
  }

  /** Returns the service's recent response times, which a hedging percentile reads. */
  LatencyHistogram latencies() {
    return latencies;
  }

  /** Returns the instances now, in the order they were given. */
  public List<HttpUrl> instances() {
    Instance[] all = view.all;
    List<HttpUrl> result = new ArrayList<>(all.length);
    for (Instance instance : all) result.add(instance.url);
    return result;
  }

  /** Adds a listener; it hears every later pick, ejection and return. */
  public synchronized void addListener(BalancerListener listener) {
    if (listener == null) throw new IllegalArgumentException("listener == null");
    BalancerListener[] next = Arrays.copyOf(listeners, listeners.length + 1);
    next[listeners.length] = listener;
    listeners = next;
  }

  /** Removes a listener added before; does nothing if it was not. */
  public synchronized void removeListener(BalancerListener listener) {
    List<BalancerListener> next = new ArrayList<>(Arrays.asList(listeners));
    if (next.remove(listener)) listeners = next.toArray(NO_LISTENERS);
  }

  /**
   * Picks an instance for one attempt and takes an in-flight slot on it; the caller must
   * {@link Pick#finish() finish} the pick, whatever happens to the attempt.
   *
   * <p>Candidates are the healthy instances, or all of them when too few are healthy (panic).
   * Instances in {@code tried} are left out while another candidate remains; the pick is added
   * to {@code tried}.
   *
   * @param tried the instances this call already tried, or null to avoid none
   * @param httpsOnly true if the request is https: an http instance would downgrade it, so only
   *     https instances are candidates
   * @param attemptListener hears this pick and the returns it notices; may be null
   * @throws NoInstanceAvailableException naming the service if no instance can take the attempt
   */
  public Pick pick(TriedInstances tried, boolean httpsOnly, BalancerListener attemptListener)
      throws NoInstanceAvailableException {
    long now = clock.getAsLong();
    View current = currentView(now, attemptListener);
    Candidates candidates = httpsOnly ? current.https : current.any;
    Instance[] pool = candidates.eligible;
    if (pool.length == 0) throw noInstance(current, candidates, httpsOnly);
    TriedInstances avoid =
        tried != null && tried.size() > 0 && tried.leavesAny(pool) ? tried : null;
    Instance chosen = picker.pick(pool, candidates.warming, avoid, now);
    chosen.inFlight.incrementAndGet();
    Pick pick = new Pick(this, chosen, now);
    if (tried != null) tried.add(chosen);
    BalancerListener[] toNotify = listeners;
    if (toNotify.length > 0 || attemptListener != null) {
      try {
        for (BalancerListener listener : toNotify) listener.picked(pick);
        if (attemptListener != null) attemptListener.picked(pick);
      } catch (RuntimeException | Error e) {
        pick.finish(); // The caller never sees the pick, so it can't give the slot back.
        throw e;
      }
    }
    return pick;
  }

  /**
   * Returns true if an attempt could go to an instance not in {@code tried}: a retry or a hedge
   * would reach another instance.
   */
  public boolean hasUntried(TriedInstances tried, boolean httpsOnly) {
    View current = currentView(clock.getAsLong(), null);
    Instance[] pool = (httpsOnly ? current.https : current.any).eligible;
    return tried == null ? pool.length > 0 : tried.leavesAny(pool);
  }

  /** Returns how many instances the service has now, ejected ones included. */
  public int instanceCount() {
    return view.all.length;
  }

  /**
   * Replaces the instance list. Instances whose URL stays keep their state (in flight, latency,
   * failures, ejection); new ones join, in slow start if the service already had instances;
   * dropped ones leave, and attempts in flight on them complete normally.
   *
   * @throws IllegalArgumentException naming the service and the instance if the list is invalid;
   *     the service is unchanged then
   */
  public void update(List<HttpUrl> urls) {
    List<HttpUrl> checked = InstanceUrls.check(name, urls);
    synchronized (this) {
      long now = clock.getAsLong();
      Map<HttpUrl, Instance> existing = new HashMap<>();
      for (Instance instance : members) existing.put(instance.url, instance);
      long warmUpNanos = members.length > 0 ? slowStartNanos : 0L;
      double seedLatency = averageLatency(now);
      Instance[] next = new Instance[checked.size()];
      for (int i = 0; i < next.length; i++) {
        HttpUrl url = checked.get(i);
        Instance instance = existing.remove(url);
        if (instance == null) {
          instance = new Instance(url, now, warmUpNanos, LATENCY_TAU_NANOS);
          // Starting from the others' average keeps a new instance from looking free and
          // drawing every pick until its first response.
          if (seedLatency > 0) instance.latency.seed(seedLatency, now);
        }
        next[i] = instance;
      }
      for (Instance removed : existing.values()) {
        removed.removed = true;
        if (removed.ejected) ejectedCount--;
      }
      members = next;
      view = buildView(now);
    }
  }

  /** Returns each instance's state now, in list order, for monitoring. */
  public List<InstanceSnapshot> snapshot() {
    long now = clock.getAsLong();
    View current = currentView(now, null);
    List<InstanceSnapshot> result = new ArrayList<>(current.all.length);
    for (Instance instance : current.all) {
      boolean ejected = instance.ejected;
      boolean warming = !ejected && instance.isWarming(now);
      InstanceSnapshot.State state = ejected ? InstanceSnapshot.State.EJECTED
          : warming ? InstanceSnapshot.State.WARMING : InstanceSnapshot.State.HEALTHY;
      result.add(new InstanceSnapshot(instance.url, state, instance.inFlight.get(),
          Duration.ofNanos((long) instance.latency.get(now)), instance.ejections,
          ejected ? Duration.ofNanos(Math.max(0L, instance.ejectedUntilNanos - now))
              : Duration.ZERO,
          warming ? Duration.ofNanos(instance.warmUntilNanos - now) : Duration.ZERO));
    }
    return result;
  }

  /** Returns how many ejections there were since the service was built, of any instance. */
  public long ejectionCount() {
    return totalEjections.get();
  }

  /** Returns how many instances are ejected, as counted for the maximum ejection percentage. */
  synchronized int ejectedCount() {
    return ejectedCount;
  }

  /** Records {@code pick}'s response with status {@code code}. */
  void responded(Pick pick, int code, BalancerListener attemptListener) {
    long now = clock.getAsLong();
    Instance instance = pick.instance;
    // A 5xx answered fast must not make a failing instance look fast: its latency is left to
    // ejection. Everything else is a real response time.
    if (code < 500) {
      long latencyNanos = now - pick.startNanos;
      instance.latency.record(latencyNanos, now);
      latencies.record(latencyNanos, now);
    }
    if (!countsForDetection(pick)) return;
    EjectionReason reason = detector.onResponse(instance, code);
    if (reason != null) eject(pick, reason, now, attemptListener);
  }

  /** Records that {@code pick} failed without a response. */
  void failed(Pick pick, LocalFailure failure, BalancerListener attemptListener) {
    long now = clock.getAsLong();
    Instance instance = pick.instance;
    if (failure == LocalFailure.TIMEOUT) {
      // The instance was at least this slow; a connect failure or reset says nothing of speed.
      instance.latency.record(now - pick.startNanos, now);
    }
    if (!countsForDetection(pick)) return;
    EjectionReason reason = detector.onLocalFailure(instance);
    if (reason != null) eject(pick, reason, now, attemptListener);
  }

  /**
   * Records that {@code pick} was abandoned, unanswered, when its hedge answered: the time it
   * waited is a lower bound on its latency, recorded as a sample of the instance's average (which
   * it raises if it is higher, and otherwise keeps from decaying as far) and of the percentile.
   * Not an outcome for ejection.
   */
  void outlasted(Pick pick) {
    long now = clock.getAsLong();
    long waitedNanos = now - pick.startNanos;
    pick.instance.latency.record(waitedNanos, now);
    latencies.record(waitedNanos, now);
  }

  /**
   * Returns true if {@code pick}'s outcome may count toward ejecting its instance: the instance
   * is still in the service and not ejected, and was not ejected since the pick (an outcome from
   * before an ejection has been judged already).
   */
  private static boolean countsForDetection(Pick pick) {
    Instance instance = pick.instance;
    return !instance.removed && !instance.ejected && instance.ejections == pick.ejectionsAtPick;
  }

  private void eject(Pick cause, EjectionReason reason, long now,
      BalancerListener attemptListener) {
    Instance instance = cause.instance;
    long ejectionNanos;
    int ejections;
    synchronized (this) {
      if (instance.removed || instance.ejected || instance.ejections != cause.ejectionsAtPick) {
        return;
      }
      // Counting starts over either way: a refused ejection needs as many failures again.
      instance.resetConsecutiveFailures();
      if (!detector.mayEject(ejectedCount, members.length)) return;
      ejectionNanos = detector.ejectionNanos(instance, now);
      instance.ejectedUntilNanos = now + ejectionNanos;
      instance.ejections++;
      instance.probation = false;
      instance.ejected = true;
      ejectedCount++;
      totalEjections.incrementAndGet();
      ejections = instance.ejections;
      view = buildView(now);
    }
    Duration ejectionTime = Duration.ofNanos(ejectionNanos);
    for (BalancerListener listener : listeners) {
      listener.ejected(cause, reason, ejectionTime, ejections);
    }
    if (attemptListener != null) {
      attemptListener.ejected(cause, reason, ejectionTime, ejections);
    }
  }

  /** Returns the view at {@code now}, rebuilding it first if an ejection or a warm-up ended. */
  private View currentView(long now, BalancerListener attemptListener) {
    View current = view;
    if (current.hasChange && now - current.nextChangeNanos >= 0) {
      current = refresh(now, attemptListener);
    }
    return current;
  }

  private View refresh(long now, BalancerListener attemptListener) {
    List<HttpUrl> returned = null;
    View result;
    synchronized (this) {
      for (Instance instance : members) {
        if (instance.ejected && now - instance.ejectedUntilNanos >= 0) {
          instance.ejected = false;
          instance.probation = true;
          instance.returnedOnce = true;
          instance.lastReturnNanos = now;
          instance.resetConsecutiveFailures();
          ejectedCount--;
          if (returned == null) returned = new ArrayList<>();
          returned.add(instance.url);
        }
      }
      View current = view;
      result = current.hasChange && now - current.nextChangeNanos >= 0 ? buildView(now) : current;
      view = result;
    }
    if (returned != null) {
      for (BalancerListener listener : listeners) {
        for (HttpUrl url : returned) listener.returned(name, url);
      }
      if (attemptListener != null) {
        for (HttpUrl url : returned) attemptListener.returned(name, url);
      }
    }
    return result;
  }

  /** Returns the average latency of the instances that have one, or 0 if none has. */
  private double averageLatency(long now) {
    double sum = 0;
    int count = 0;
    for (Instance instance : members) {
      double latency = instance.latency.get(now);
      if (latency > 0) {
        sum += latency;
        count++;
      }
    }
    return count > 0 ? sum / count : 0;
  }

  /** Builds the view of {@link #members} at {@code now}. Called under the lock. */
  private View buildView(long now) {
    Instance[] all = members;
    int httpsCount = 0;
    long nextChange = 0;
    boolean hasChange = false;
    for (Instance instance : all) {
      if (instance.url.isHttps()) httpsCount++;
      long change;
      if (instance.ejected) {
        change = instance.ejectedUntilNanos;
      } else if (instance.isWarming(now)) {
        change = instance.warmUntilNanos;
      } else {
        continue;
      }
      if (!hasChange || change - nextChange < 0) nextChange = change;
      hasChange = true;
    }
    Candidates any = candidates(all, now);
    Candidates https;
    if (httpsCount == all.length) {
      https = any;
    } else {
      Instance[] httpsInstances = new Instance[httpsCount];
      int i = 0;
      for (Instance instance : all) {
        if (instance.url.isHttps()) httpsInstances[i++] = instance;
      }
      https = candidates(httpsInstances, now);
    }
    return new View(all, any, https, hasChange, nextChange);
  }

  private Candidates candidates(Instance[] instances, long now) {
    int healthy = 0;
    for (Instance instance : instances) {
      if (!instance.ejected) healthy++;
    }
    boolean panic = detector.panics(healthy, instances.length);
    Instance[] eligible;
    if (panic || healthy == instances.length) {
      eligible = instances;
    } else {
      eligible = new Instance[healthy];
      int i = 0;
      for (Instance instance : instances) {
        if (!instance.ejected) eligible[i++] = instance;
      }
    }
    int warming = 0;
    for (Instance instance : eligible) {
      if (instance.isWarming(now)) warming++;
    }
    return new Candidates(instances, eligible, panic, warming);
  }

  private NoInstanceAvailableException noInstance(View current, Candidates candidates,
      boolean httpsOnly) {
    String message;
    if (current.all.length == 0) {
      message = "service " + name + " has no instances";
    } else if (candidates.all.length == 0) {
      message = "service " + name + " has no https instance for an https request (its "
          + current.all.length + " instances are http; an http instance would downgrade it)";
    } else {
      message = "service " + name + " has no instance available: all "
          + candidates.all.length + " are ejected and the panic threshold is "
          + outlierDetection.panicThresholdPercent() + "%";
    }
    return new NoInstanceAvailableException(name, message);
  }

  @Override
  public String toString() {
    return "RealServiceInstances{" + name + ", " + view.all.length + " instances}";
  }

  /** The instances at one moment, as picks see them. Immutable. */
  private static final class View {
    final Instance[] all;
    final Candidates any;
    final Candidates https;
    /** Whether an ejection or a slow start ends later, at {@link #nextChangeNanos}. */
    final boolean hasChange;
    final long nextChangeNanos;

    View(Instance[] all, Candidates any, Candidates https, boolean hasChange,
        long nextChangeNanos) {
      this.all = all;
      this.any = any;
      this.https = https;
      this.hasChange = hasChange;
      this.nextChangeNanos = nextChangeNanos;
    }
  }

  /** The instances a request may go to, and those of them that take traffic now. Immutable. */
  private static final class Candidates {
    final Instance[] all;
    /** The healthy instances; all of them in panic. */
    final Instance[] eligible;
    final boolean panic;
    /**
     * How many eligible instances are warming: those warming when the view was built, since the
     * view is rebuilt as soon as the first of them is warm.
     */
    final int warming;

    Candidates(Instance[] all, Instance[] eligible, boolean panic, int warming) {
      this.all = all;
      this.eligible = eligible;
      this.panic = panic;
      this.warming = warming;
    }
  }
}
