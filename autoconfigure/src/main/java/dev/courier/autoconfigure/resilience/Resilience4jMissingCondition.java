package dev.courier.autoconfigure.resilience;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.autoconfigure.condition.SpringBootCondition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.type.AnnotatedTypeMetadata;
import org.springframework.util.ClassUtils;

/**
 * Matches when any of the five Resilience4j modules Courier's resilience needs, or
 * {@code courier-resilience4j} itself, is missing from the class path.
 * {@code @ConditionalOnMissingClass} would match only when all are missing.
 */
final class Resilience4jMissingCondition extends SpringBootCondition {
  /** Each module's artifact, by a class it holds. */
  static final Map<String, String> MODULES = Map.of(
      "io.github.resilience4j.circuitbreaker.CircuitBreaker", "resilience4j-circuitbreaker",
      "io.github.resilience4j.retry.Retry", "resilience4j-retry",
      "io.github.resilience4j.ratelimiter.RateLimiter", "resilience4j-ratelimiter",
      "io.github.resilience4j.bulkhead.Bulkhead", "resilience4j-bulkhead",
      "io.github.resilience4j.timelimiter.TimeLimiter", "resilience4j-timelimiter",
      "dev.courier.resilience4j.ResilienceInterceptor", "courier-resilience4j");

  @Override
  public ConditionOutcome getMatchOutcome(ConditionContext context,
      AnnotatedTypeMetadata metadata) {
    List<String> missing = missing(context.getClassLoader());
    return missing.isEmpty()
        ? ConditionOutcome.noMatch("Resilience4j modules and courier-resilience4j are present")
        : ConditionOutcome.match("Resilience4j modules are missing: " + missing);
  }

  /** Returns the artifacts whose classes {@code classLoader} cannot load, sorted. */
  static List<String> missing(ClassLoader classLoader) {
    List<String> missing = new ArrayList<>();
    MODULES.forEach((type, artifact) -> {
      if (!ClassUtils.isPresent(type, classLoader)) missing.add(artifact);
    });
    missing.sort(null);
    return missing;
  }
}
