package dev.courier.micrometer;

import io.micrometer.common.docs.KeyName;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationConvention;
import io.micrometer.observation.docs.ObservationDocumentation;

/**
 * The observations Courier records, with their key names: the single source of those names for
 * the default convention and for documentation tooling.
 */
public enum CourierObservationDocumentation implements ObservationDocumentation {

  /**
   * One Courier call, from the first application interceptor to the response headers (or the
   * failure), across redirects and retries. Named {@code http.client.requests}, as Spring's own
   * HTTP clients name theirs, so dashboards work for both.
   */
  HTTP_CLIENT_REQUESTS {
    @Override
    public Class<? extends ObservationConvention<? extends Observation.Context>>
        getDefaultConvention() {
      return DefaultCourierObservationConvention.class;
    }

    @Override
    public KeyName[] getLowCardinalityKeyNames() {
      return LowCardinalityKeyNames.values();
    }

    @Override
    public KeyName[] getHighCardinalityKeyNames() {
      return HighCardinalityKeyNames.values();
    }
  };

  /** Keys with a bounded set of values: they become metric tags. */
  public enum LowCardinalityKeyNames implements KeyName {
    /** The request method, such as {@code GET}; {@code UNKNOWN} for non-standard methods. */
    METHOD("method"),
    /** The URI template, such as {@code /items/{id}}, or {@code none}: never the raw path. */
    URI("uri"),
    /** The status code, or {@code IO_ERROR} or {@code CLIENT_ERROR} when there is no response. */
    STATUS("status"),
    /** The status family: {@code SUCCESS}, {@code CLIENT_ERROR}, ..., or {@code UNKNOWN}. */
    OUTCOME("outcome"),
    /** The simple class name of the exception the call failed with, or {@code none}. */
    EXCEPTION("exception"),
    /** The Courier service name, or the host for the shared client. */
    CLIENT_NAME("client.name");

    private final String key;

    LowCardinalityKeyNames(String key) {
      this.key = key;
    }

    /** Returns the key, such as {@code client.name}. */
    @Override
    public String asString() {
      return key;
    }
  }

  /** Keys whose values vary per request: they go to traces, not to metrics. */
  public enum HighCardinalityKeyNames implements KeyName {
    /** The URL without username, password or query values. */
    HTTP_URL("http.url");

    private final String key;

    HighCardinalityKeyNames(String key) {
      this.key = key;
    }

    /** Returns the key, {@code http.url}. */
    @Override
    public String asString() {
      return key;
    }
  }
}
