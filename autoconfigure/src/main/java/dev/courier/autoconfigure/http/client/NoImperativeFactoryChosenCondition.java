package dev.courier.autoconfigure.http.client;

import org.springframework.boot.autoconfigure.condition.ConditionMessage;
import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.autoconfigure.condition.SpringBootCondition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.type.AnnotatedTypeMetadata;

/**
 * Matches unless {@code spring.http.clients.imperative.factory} is set: an application that names
 * Boot's HTTP client factory explicitly gets that one, not Courier.
 */
final class NoImperativeFactoryChosenCondition extends SpringBootCondition {
  static final String PROPERTY = "spring.http.clients.imperative.factory";

  @Override
  public ConditionOutcome getMatchOutcome(ConditionContext context,
      AnnotatedTypeMetadata metadata) {
    ConditionMessage.Builder message = ConditionMessage.forCondition("Courier HTTP client factory");
    String chosen = context.getEnvironment().getProperty(PROPERTY);
    if (chosen != null) {
      return ConditionOutcome.noMatch(message.because(PROPERTY + " is set to " + chosen));
    }
    return ConditionOutcome.match(message.because(PROPERTY + " is not set"));
  }
}
