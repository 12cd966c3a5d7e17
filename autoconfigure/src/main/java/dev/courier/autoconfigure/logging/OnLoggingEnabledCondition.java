package dev.courier.autoconfigure.logging;

import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.autoconfigure.condition.SpringBootCondition;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.type.AnnotatedTypeMetadata;

import dev.courier.logging.LoggingInterceptor;

/**
 * Matches when {@code courier.logging.level} is set to something other than {@code none}, so
 * that no interceptor joins the chain unless the application asked for logging.
 */
final class OnLoggingEnabledCondition extends SpringBootCondition {

  @Override
  public ConditionOutcome getMatchOutcome(ConditionContext context,
      AnnotatedTypeMetadata metadata) {
    LoggingInterceptor.Level level = Binder.get(context.getEnvironment())
        .bind("courier.logging.level", LoggingInterceptor.Level.class)
        .orElse(LoggingInterceptor.Level.NONE);
    return level == LoggingInterceptor.Level.NONE
        ? ConditionOutcome.noMatch("courier.logging.level is none")
        : ConditionOutcome.match("courier.logging.level is " + level);
  }
}
