package dev.courier.testing;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import dev.courier.Call;
import dev.courier.Connection;
import dev.courier.EventListener;
import dev.courier.Handshake;
import dev.courier.HttpUrl;
import dev.courier.Protocol;
import dev.courier.Request;
import dev.courier.Response;

/**
 * Records the names of the events it hears, in order, for tests to compare; the retry, follow-up
 * and hedge decisions with their reasons; and what the balancer did for calls to services.
 */
public final class RecordingEventListener extends EventListener {
  private final List<String> events = new ArrayList<>();
  private final List<String> decisions = new ArrayList<>();
  private final List<String> instances = new ArrayList<>();

  /** Returns the event names recorded so far. */
  public synchronized List<String> events() {
    return List.copyOf(events);
  }

  /** Returns the retry and follow-up decisions with their reasons. */
  public synchronized List<String> decisions() {
    return List.copyOf(decisions);
  }

  /**
   * Returns what the balancer did, in order: {@code "picked <instance>"},
   * {@code "ejected <instance> for <duration>: <reason>"} and {@code "returned <instance>"}, each
   * instance as its URL.
   */
  public synchronized List<String> instances() {
    return List.copyOf(instances);
  }

  /** Forgets what was recorded. */
  public synchronized void clear() {
    events.clear();
    decisions.clear();
    instances.clear();
  }

  private synchronized void record(String event) {
    events.add(event);
  }

  @Override public void callStart(Call call) { record("callStart"); }
  @Override public void proxySelectStart(Call call, HttpUrl url) { record("proxySelectStart"); }
  @Override public void proxySelectEnd(Call call, HttpUrl url, List<Proxy> proxies) {
    record("proxySelectEnd");
  }
  @Override public void dnsStart(Call call, String domainName) { record("dnsStart"); }
  @Override public void dnsEnd(Call call, String domainName, List<InetAddress> addresses) {
    record("dnsEnd");
  }
  @Override public void connectStart(Call call, InetSocketAddress address, Proxy proxy) {
    record("connectStart");
  }
  @Override public void secureConnectStart(Call call) { record("secureConnectStart"); }
  @Override public void secureConnectEnd(Call call, Handshake handshake) {
    record("secureConnectEnd");
  }
  @Override public void connectEnd(Call call, InetSocketAddress address, Proxy proxy,
      Protocol protocol) {
    record("connectEnd");
  }
  @Override public void connectFailed(Call call, InetSocketAddress address, Proxy proxy,
      Protocol protocol, IOException e) {
    record("connectFailed");
  }
  @Override public void connectionAcquired(Call call, Connection connection) {
    record("connectionAcquired");
  }
  @Override public void connectionReleased(Call call, Connection connection) {
    record("connectionReleased");
  }
  @Override public void requestHeadersStart(Call call) { record("requestHeadersStart"); }
  @Override public void requestHeadersEnd(Call call, Request request) {
    record("requestHeadersEnd");
  }
  @Override public void requestBodyStart(Call call) { record("requestBodyStart"); }
  @Override public void requestBodyEnd(Call call, long byteCount) { record("requestBodyEnd"); }
  @Override public void requestFailed(Call call, IOException e) { record("requestFailed"); }
  @Override public void responseHeadersStart(Call call) { record("responseHeadersStart"); }
  @Override public void responseHeadersEnd(Call call, Response response) {
    record("responseHeadersEnd");
  }
  @Override public void responseBodyStart(Call call) { record("responseBodyStart"); }
  @Override public void responseBodyEnd(Call call, long byteCount) { record("responseBodyEnd"); }
  @Override public void responseFailed(Call call, IOException e) { record("responseFailed"); }
  @Override public void callEnd(Call call) { record("callEnd"); }
  @Override public void callFailed(Call call, IOException e) { record("callFailed"); }
  @Override public void canceled(Call call) { record("canceled"); }
  @Override public void satisfactionFailure(Call call, Response response) {
    record("satisfactionFailure");
  }
  @Override public void cacheHit(Call call, Response response) { record("cacheHit"); }
  @Override public void cacheMiss(Call call) { record("cacheMiss"); }
  @Override public void cacheConditionalHit(Call call, Response cachedResponse) {
    record("cacheConditionalHit");
  }
  @Override public synchronized void retryDecision(Call call, IOException exception,
      boolean retry, String reason) {
    events.add("retryDecision");
    decisions.add("retry=" + retry + ": " + reason);
  }
  @Override public synchronized void followUpDecision(Call call, Response networkResponse,
      Request nextRequest, String reason) {
    events.add("followUpDecision");
    decisions.add("followUp=" + (nextRequest != null) + ": " + reason);
  }
  @Override public synchronized void instancePicked(Call call, String serviceName,
      HttpUrl instance) {
    events.add("instancePicked");
    instances.add("picked " + instance);
  }
  @Override public synchronized void instanceEjected(Call call, String serviceName,
      HttpUrl instance, String reason, Duration ejectionTime) {
    events.add("instanceEjected");
    instances.add("ejected " + instance + " for " + ejectionTime + ": " + reason);
  }
  @Override public synchronized void instanceReturned(Call call, String serviceName,
      HttpUrl instance) {
    events.add("instanceReturned");
    instances.add("returned " + instance);
  }
  @Override public synchronized void hedgeDecision(Call call, boolean hedged, String reason) {
    events.add("hedgeDecision");
    decisions.add("hedge=" + hedged + ": " + reason);
  }
}
