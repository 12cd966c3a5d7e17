package dev.courier.autoconfigure.http;

import java.time.Duration;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.http.client.HttpClientSettings;
import org.springframework.boot.http.client.HttpCookieHandling;
import org.springframework.boot.http.client.HttpRedirects;
import org.springframework.boot.ssl.SslBundle;

import dev.courier.CourierClient;
import dev.courier.autoconfigure.SslBundleSettings;

/**
 * Applies Spring Boot's {@link HttpClientSettings} ({@code spring.http.clients.*} and
 * {@code spring.http.serviceclient.<group>.*}) on top of a Courier client. Unset settings keep the
 * client's own (from {@code courier.*}), and a client is derived with
 * {@link CourierClient#newBuilder()} only when something changes, so it shares the pool,
 * dispatcher and cache.
 */
final class HttpClientSettingsMapper {

  private HttpClientSettingsMapper() {
  }

  /**
   * Returns {@code base}, or a client derived from it with {@code settings} applied.
   *
   * @throws IllegalStateException for settings Courier does not support: cookie handling
   *     {@code ENABLE} (set a {@code CookieJar} with a {@code CourierClientCustomizer} instead) and
   *     an {@code InetAddressFilter}
   */
  static CourierClient apply(CourierClient base, @Nullable HttpClientSettings settings) {
    if (settings == null || isEmpty(settings)) return base;
    checkSupported(settings);
    CourierClient.Builder builder = base.newBuilder();
    Duration connectTimeout = settings.connectTimeout();
    if (connectTimeout != null) builder.connectTimeout(connectTimeout);
    Duration readTimeout = settings.readTimeout();
    if (readTimeout != null) builder.readTimeout(readTimeout);
    HttpRedirects redirects = settings.redirects();
    if (redirects != null) builder.followRedirects(redirects != HttpRedirects.DONT_FOLLOW);
    SslBundle sslBundle = settings.sslBundle();
    if (sslBundle != null) SslBundleSettings.apply(sslBundle, builder);
    return builder.build();
  }

  private static boolean isEmpty(HttpClientSettings settings) {
    return settings.connectTimeout() == null && settings.readTimeout() == null
        && settings.redirects() == null && settings.sslBundle() == null
        && settings.cookieHandling() == null && settings.inetAddressFilter() == null;
  }

  private static void checkSupported(HttpClientSettings settings) {
    // Cookies stay off unless asked for: ENABLE_WHEN_POSSIBLE and DISABLE keep Courier's
    // default jar, which stores none; ENABLE is a demand this adapter cannot meet on its own.
    if (settings.cookieHandling() == HttpCookieHandling.ENABLE) {
      throw new IllegalStateException("Courier has no built-in cookie store for cookie handling "
          + "ENABLE (spring.http.clients.cookie-handling); set a dev.courier.CookieJar with a "
          + "CourierClientCustomizer instead");
    }
    if (settings.inetAddressFilter() != null) {
      throw new IllegalStateException("Courier does not support Spring Boot's InetAddressFilter; "
          + "filter addresses with a dev.courier.Dns set by a CourierClientCustomizer instead");
    }
  }
}
