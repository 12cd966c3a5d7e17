package dev.courier.internal.balance;

/**
 * How an attempt failed without any response from the instance: a failure that originated here,
 * in Envoy's terms. Each counts toward the instance's consecutive local-origin failures.
 */
public enum LocalFailure {
  /** No connection could be made: refused, unreachable, timed out, or the TLS handshake failed. */
  CONNECT,
  /** The connection broke while the request was sent or the response awaited: reset, closed. */
  RESET,
  /** The instance did not answer in time: a read or write timeout. */
  TIMEOUT
}
