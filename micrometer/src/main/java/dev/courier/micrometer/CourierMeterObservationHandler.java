package dev.courier.micrometer;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicInteger;

import io.micrometer.common.KeyValue;
import io.micrometer.common.KeyValues;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.LongTaskTimer;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.observation.DefaultMeterObservationHandler;
import io.micrometer.core.instrument.observation.DefaultMeterObservationHandler.IgnoredMeters;
import io.micrometer.core.instrument.observation.MeterObservationHandler;
import io.micrometer.observation.Observation;
import org.jspecify.annotations.Nullable;

/**
 * Turns Courier's {@code http.client.requests} observations into meters exactly as Micrometer's
 * {@link DefaultMeterObservationHandler} does (a timer named after the observation, tagged with
 * its low-cardinality key values and {@code error}; a long task timer named
 * {@code <name>.active} with the key values known at start; a counter per event), at a fraction
 * of the cost: the meters of each tag set are found in the registry once and kept, where the
 * default handler builds the tags and looks both timers up by them on every call.
 *
 * <p>It handles only {@link CourierObservationContext}s, so it goes first among meter handlers,
 * with the default handler after it for every other observation. The Spring Boot starter
 * registers it so; without Spring:
 *
 * <pre>{@code
 * observationRegistry.observationConfig().observationHandler(
 *     new ObservationHandler.FirstMatchingCompositeObservationHandler(
 *         new CourierMeterObservationHandler(meterRegistry),
 *         new DefaultMeterObservationHandler(meterRegistry)));
 * }</pre>
 *
 * <p>A meter removed from the registry is looked up again on the next call. Meters are kept for up
 * to {@value #MAX_KEPT_METERS} tag sets of each kind; beyond that (a convention with unbounded
 * tags) each call looks its meters up as the default handler does. Tag sets are compared by their
 * keys and values, whatever {@link KeyValue} type the convention made them with. A meter filter
 * added to the registry after a call was recorded does not reach the meters kept by then;
 * Micrometer asks for every filter to be configured before any meter is registered, and warns
 * otherwise. Thread-safe.
 */
public final class CourierMeterObservationHandler
    implements MeterObservationHandler<CourierObservationContext> {
  /** How many tag sets' meters of each kind are kept at most; others are looked up each call. */
  static final int MAX_KEPT_METERS = 10_000;

  private final MeterRegistry registry;
  private final boolean longTaskTimer;
  private final ConcurrentMap<String, Meters> metersByName = new ConcurrentHashMap<>();
  private volatile @Nullable Meters lastMeters; // Most handlers see one observation name.
  // Counts meters removed from the registry, so that a meter found just before its removal is
  // not kept after the removal cleared what was kept.
  private final AtomicInteger removals = new AtomicInteger();

  /** Creates a handler recording into {@code registry}. */
  public CourierMeterObservationHandler(MeterRegistry registry) {
    this(registry, new IgnoredMeters[0]);
  }

  /**
   * Creates a handler recording into {@code registry} that leaves out the {@code ignored}
   * meters, as the default handler's constructor of the same shape does (Spring Boot's
   * {@code management.metrics.observations.ignored-meters}).
   */
  public CourierMeterObservationHandler(MeterRegistry registry, IgnoredMeters... ignored) {
    this.registry = Objects.requireNonNull(registry, "registry");
    this.longTaskTimer = !Arrays.asList(ignored).contains(IgnoredMeters.LONG_TASK_TIMER);
    // A removed meter must not go on being recorded into unseen: forget them all. Micrometer
    // calls this under the lock it registers meters with, after the meter is gone.
    registry.config().onMeterRemoved(meter -> {
      removals.incrementAndGet();
      // Emptied too, for a call that picked them up just before.
      for (Meters meters : metersByName.values()) {
        meters.active.clear();
        meters.timers.clear();
      }
      metersByName.clear();
      lastMeters = null;
    });
  }

  @Override
  public boolean supportsContext(Observation.Context context) {
    return context instanceof CourierObservationContext;
  }

  /** Starts the long task timer of the start tags, and a sample of the timer. */
  @Override
  public void onStart(CourierObservationContext context) {
    if (longTaskTimer) {
      Meters meters = meters(context.getName());
      TagSet tags = new TagSet(context.getLowCardinalityKeyValues(), null);
      LongTaskTimer active = meters.active.get(tags);
      if (active == null) {
        int removalsBefore = removals.get();
        active = LongTaskTimer.builder(meters.activeName).tags(tags.toTags()).register(registry);
        keep(meters.active, tags, active, removalsBefore);
      }
      context.longTaskSample = active.start();
    }
    context.timerSample = Timer.start(registry);
  }

  /** Records the sample in the timer of the final tags and the error, and ends the task. */
  @Override
  public void onStop(CourierObservationContext context) {
    Timer.Sample sample = context.timerSample;
    if (sample == null) throw new IllegalStateException("observation stopped before it started");
    Meters meters = meters(context.getName());
    Throwable error = context.getError();
    TagSet tags = new TagSet(context.getLowCardinalityKeyValues(),
        error == null ? "none" : error.getClass().getSimpleName());
    Timer timer = meters.timers.get(tags);
    if (timer == null) {
      int removalsBefore = removals.get();
      timer = Timer.builder(meters.name).tags(tags.toTags()).register(registry);
      keep(meters.timers, tags, timer, removalsBefore);
    }
    sample.stop(timer);
    LongTaskTimer.Sample active = context.longTaskSample;
    if (active != null) active.stop();
  }

  /** Counts the event, as the default handler does. */
  @Override
  public void onEvent(Observation.Event event, CourierObservationContext context) {
    String name = context.getName() + "." + event.getName();
    Counter.builder(name).tags(new TagSet(context.getLowCardinalityKeyValues(), null).toTags())
        .register(registry).increment();
  }

  /** Returns how many tag sets' meters are kept, for tests. */
  int keptMeters() {
    int result = 0;
    for (Meters meters : metersByName.values()) {
      result += meters.active.size() + meters.timers.size();
    }
    return result;
  }

  private <M> void keep(ConcurrentMap<TagSet, M> meters, TagSet tags, M meter,
      int removalsBefore) {
    if (meters.size() >= MAX_KEPT_METERS) return;
    meters.putIfAbsent(tags, meter);
    if (removals.get() != removalsBefore) meters.remove(tags, meter);
  }

  private Meters meters(String name) {
    Meters meters = lastMeters;
    if (meters == null || !meters.name.equals(name)) {
      meters = metersByName.computeIfAbsent(name, Meters::new);
      lastMeters = meters;
    }
    return meters;
  }

  /** The meters of one observation name, by the tags they carry. */
  private static final class Meters {
    final String name;
    final String activeName;
    final ConcurrentMap<TagSet, LongTaskTimer> active = new ConcurrentHashMap<>();
    final ConcurrentMap<TagSet, Timer> timers = new ConcurrentHashMap<>();

    Meters(String name) {
      this.name = name;
      this.activeName = name + ".active";
    }
  }

  /**
   * The tags of one meter: low-cardinality key values, and for a timer the {@code error} tag's
   * value. Equal by keys and values alone, as meter IDs are: not every {@link KeyValue} type is
   * equal to another with the same key and value.
   */
  private static final class TagSet {
    private final KeyValues keyValues;
    private final @Nullable String error;
    private final int hash;

    TagSet(KeyValues keyValues, @Nullable String error) {
      this.keyValues = keyValues;
      this.error = error;
      int h = Objects.hashCode(error);
      for (KeyValue keyValue : keyValues) {
        h = 31 * (31 * h + keyValue.getKey().hashCode()) + keyValue.getValue().hashCode();
      }
      this.hash = h;
    }

    List<Tag> toTags() {
      List<Tag> tags = new ArrayList<>();
      for (KeyValue keyValue : keyValues) tags.add(Tag.of(keyValue.getKey(), keyValue.getValue()));
      if (error != null) tags.add(Tag.of("error", error));
      return tags;
    }

    @Override
    public boolean equals(@Nullable Object other) {
      if (this == other) return true;
      if (!(other instanceof TagSet that) || hash != that.hash
          || !Objects.equals(error, that.error)) {
        return false;
      }
      if (keyValues == that.keyValues) return true;
      Iterator<KeyValue> theirs = that.keyValues.iterator();
      for (KeyValue mine : keyValues) {
        if (!theirs.hasNext()) return false;
        KeyValue their = theirs.next();
        if (!mine.getKey().equals(their.getKey()) || !mine.getValue().equals(their.getValue())) {
          return false;
        }
      }
      return !theirs.hasNext();
    }

    @Override
    public int hashCode() {
      return hash;
    }
  }
}
