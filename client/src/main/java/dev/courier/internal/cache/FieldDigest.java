package dev.courier.internal.cache;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Stands in for the values of secret request fields ({@code Authorization}, {@code Cookie} and
 * the like) that a response's {@code Vary} names, so that the cache can still tell whether a
 * later request carries the same credentials without writing them to disk. It is an HMAC under a
 * random key that lives as long as the cache object: without the key a digest can't be tested
 * against guessed passwords, and after a restart such entries no longer match, which costs a
 * request and nothing else.
 */
final class FieldDigest {
  private static final String ALGORITHM = "HmacSHA256";
  /** Marks a stored value as a digest; no real field value of ours starts this way. */
  static final String PREFIX = "courier-hmac-sha256:";

  private final SecretKeySpec key;

  FieldDigest() {
    byte[] secret = new byte[32];
    new SecureRandom().nextBytes(secret);
    this.key = new SecretKeySpec(secret, ALGORITHM);
  }

  /** Returns the digest that stands for {@code value}. */
  String of(String value) {
    try {
      Mac mac = Mac.getInstance(ALGORITHM);
      mac.init(key);
      byte[] digest = mac.doFinal(value.getBytes(StandardCharsets.UTF_8));
      return PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("every JDK has " + ALGORITHM, e);
    }
  }
}
