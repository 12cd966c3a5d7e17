package dev.courier.internal;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/** Courier's version, as Maven wrote it into the jar, for the default {@code User-Agent}. */
public final class Version {
  /** The version, such as {@code 0.1.0}, or {@code unknown} if the jar lacks it. */
  public static final String VERSION = load();

  /** The default {@code User-Agent}: {@code courier/<version>}. */
  public static final String USER_AGENT = "courier/" + VERSION;

  private Version() {
  }

  private static String load() {
    try (InputStream in = Version.class.getResourceAsStream("version.properties")) {
      if (in == null) return "unknown";
      Properties properties = new Properties();
      properties.load(in);
      String version = properties.getProperty("version", "unknown");
      return version.startsWith("${") ? "unknown" : version;
    } catch (IOException e) {
      return "unknown";
    }
  }
}
