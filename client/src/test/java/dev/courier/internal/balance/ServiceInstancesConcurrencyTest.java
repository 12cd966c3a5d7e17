package dev.courier.internal.balance;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import dev.courier.Hedging;
import dev.courier.HttpUrl;
import dev.courier.InstanceSnapshot;
import dev.courier.LoadBalancing;
import dev.courier.NoInstanceAvailableException;
import dev.courier.OutlierDetection;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Many threads picking and reporting while the list changes and ejections come and go: every
 * slot taken is given back, and the ejection count matches the instances' states.
 */
class ServiceInstancesConcurrencyTest {
  private static final int THREADS = 8;
  private static final int ATTEMPTS_PER_THREAD = 20_000;

  @ParameterizedTest
  @EnumSource(LoadBalancing.Policy.class)
  void countersStayConsistent(LoadBalancing.Policy policy) throws Exception {
    List<HttpUrl> urls = TestServices.urls(6);
    List<List<HttpUrl>> lists = List.of(urls, urls.subList(0, 4), urls.subList(2, 6),
        List.of(urls.get(5), urls.get(0)), urls);
    OutlierDetection eager = new OutlierDetection.Builder()
        .consecutive5xx(3)
        .consecutiveLocalOriginFailure(2)
        .baseEjectionTime(Duration.ofMillis(1))
        .maxEjectionPercent(50)
        .build();
    // The real clock and thread-local random source, as in production.
    RealServiceInstances service = new RealServiceInstances("catalog", urls,
        new LoadBalancing.Builder().policy(policy).build(), eager, Hedging.DISABLED,
        System::nanoTime, null);

    Set<Instance> seen = ConcurrentHashMap.newKeySet();
    AtomicLong picks = new AtomicLong();
    AtomicBoolean done = new AtomicBoolean();
    CountDownLatch start = new CountDownLatch(1);
    ExecutorService executor = Executors.newFixedThreadPool(THREADS + 1);
    try {
      List<Future<?>> workers = new ArrayList<>();
      for (int t = 0; t < THREADS; t++) {
        long seed = t;
        workers.add(executor.submit(() -> {
          SplittableRandom random = new SplittableRandom(seed);
          start.await();
          for (int i = 0; i < ATTEMPTS_PER_THREAD; i++) {
            TriedInstances tried = new TriedInstances();
            Pick pick;
            try {
              pick = service.pick(tried, false, null);
            } catch (NoInstanceAvailableException e) {
              continue; // Never: every list has instances.
            }
            picks.incrementAndGet();
            seen.add(pick.instance);
            int outcome = random.nextInt(10);
            if (outcome < 5) {
              pick.responded(200);
            } else if (outcome < 7) {
              pick.responded(503);
            } else if (outcome < 9) {
              pick.failed(LocalFailure.values()[random.nextInt(3)]);
            } // Else canceled: no outcome.
            if (random.nextBoolean()) {
              pick.finish();
            } else {
              Pick retry = service.pick(tried, false, null);
              seen.add(retry.instance);
              picks.incrementAndGet();
              pick.finish();
              retry.responded(200);
              retry.finish();
              retry.finish();
            }
          }
          return null;
        }));
      }
      Future<?> updater = executor.submit(() -> {
        start.await();
        for (int i = 0; !done.get(); i++) {
          service.update(lists.get(i % lists.size()));
          List<InstanceSnapshot> snapshot = service.snapshot();
          assertThat(snapshot).isNotEmpty();
          Thread.yield();
        }
        return null;
      });
      start.countDown();
      for (Future<?> worker : workers) worker.get(60, TimeUnit.SECONDS);
      done.set(true);
      updater.get(10, TimeUnit.SECONDS);
    } finally {
      executor.shutdownNow();
    }

    assertThat(picks.get()).isGreaterThanOrEqualTo((long) THREADS * ATTEMPTS_PER_THREAD);
    // Every instance ever picked, dropped from the list or not, is back to nothing in flight.
    assertThat(seen).isNotEmpty().allSatisfy(i -> assertThat(i.inFlight.get()).isZero());
    service.update(urls);
    long ejected = service.snapshot().stream()
        .filter(s -> s.state() == InstanceSnapshot.State.EJECTED).count();
    assertThat(service.ejectedCount()).isEqualTo((int) ejected);
    assertThat(ejected).isLessThanOrEqualTo(3);
  }
}
