package dev.courier.autoconfigure.cloud.discovery;

import java.util.Locale;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;
import org.springframework.cloud.client.ServiceInstance;

import dev.courier.HttpUrl;

/**
 * Reads a registry's {@link ServiceInstance} as an instance origin, treating it as hostile: its
 * scheme, host and port are checked one by one (never through {@link ServiceInstance#getUri()},
 * whose user info may hold credentials), and what is wrong is said without echoing the bad value.
 */
final class RegistryInstances {
  /** Instance ids safe to print: no {@code @} or {@code /}, so no URL with credentials. */
  private static final Pattern PRINTABLE_ID = Pattern.compile("[A-Za-z0-9._:-]{1,128}");
  private static final Pattern USER_INFO = Pattern.compile("(?<=//)[^/@\\s]*@");

  private RegistryInstances() {
  }

  /** An instance read from the registry: its origin, or why it cannot be used. */
  record Reading(@Nullable HttpUrl url, @Nullable String problem) {
  }

  /** Returns {@code instance}'s origin, or the problem that makes it unusable. */
  static Reading read(@Nullable ServiceInstance instance) {
    if (instance == null) return problem("it is null");
    try {
      String scheme = instance.getScheme();
      if (scheme == null) scheme = instance.isSecure() ? "https" : "http";
      scheme = scheme.toLowerCase(Locale.ROOT);
      if (!scheme.equals("http") && !scheme.equals("https")) {
        return problem("its scheme is not http or https");
      }
      String host = instance.getHost();
      if (host == null || host.isBlank()) return problem("it has no host");
      int port = instance.getPort();
      if (port == -1) port = HttpUrl.defaultPort(scheme); // A URI's "no port".
      if (port < 1 || port > 65535) return problem("its port " + port + " is out of range");
      HttpUrl.Builder url = new HttpUrl.Builder().scheme(scheme).port(port);
      try {
        url.host(host);
      } catch (IllegalArgumentException e) {
        return problem("its host is not a valid host name or address");
      }
      return new Reading(url.build(), null);
    } catch (RuntimeException e) {
      return problem("it could not be read (" + e.getClass().getSimpleName() + ")");
    }
  }

  /** Returns a name for {@code instance} in a log line: its position, and its id if printable. */
  static String describe(@Nullable ServiceInstance instance, int index, int count) {
    String id = null;
    try {
      id = instance == null ? null : instance.getInstanceId();
    } catch (RuntimeException e) {
      // The id is only for the log line.
    }
    String position = "instance " + (index + 1) + " of " + count;
    return id != null && PRINTABLE_ID.matcher(id).matches() ? position + " (id " + id + ")"
        : position;
  }

  /** Returns {@code text} with the user info of any URL in it masked, for a log line. */
  static String withoutCredentials(@Nullable String text) {
    return text == null ? "" : USER_INFO.matcher(text).replaceAll("****@");
  }

  private static Reading problem(String problem) {
    return new Reading(null, problem);
  }
}
