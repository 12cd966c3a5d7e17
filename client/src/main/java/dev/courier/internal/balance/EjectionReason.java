package dev.courier.internal.balance;

/** Which kind of consecutive failures ejected an instance. */
public enum EjectionReason {
  /** Responses with a 5xx status. */
  CONSECUTIVE_5XX("consecutive 5xx responses"),
  /** 502, 503 and 504 responses. */
  CONSECUTIVE_GATEWAY_FAILURE("consecutive gateway failures (502, 503, 504)"),
  /** Failures without a response: connect failures, resets, timeouts. */
  CONSECUTIVE_LOCAL_ORIGIN_FAILURE("consecutive connect failures, resets or timeouts");

  private final String description;

  EjectionReason(String description) {
    this.description = description;
  }

  /** Returns the reason in a few words, for events and logs. */
  public String description() {
    return description;
  }
}
