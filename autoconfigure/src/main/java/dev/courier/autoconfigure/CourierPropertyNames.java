package dev.courier.autoconfigure;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.json.JsonParserFactory;

/**
 * The keys Courier knows under {@code courier.}, read from the configuration metadata that IDEs
 * complete from ({@code META-INF/spring-configuration-metadata.json}), where each service key is
 * written once as {@code courier.services.*.<key>}. Used to suggest the nearest known key for a
 * misspelt one.
 */
public final class CourierPropertyNames {
  /** The segment standing for a service's name in the metadata. */
  public static final String SERVICE_WILDCARD = "*";
  private static final String SERVICES = "courier.services.";
  private static final String METADATA = "META-INF/spring-configuration-metadata.json";
  /** Farther than this many edits, a suggestion is more likely wrong than helpful. */
  private static final int MAX_DISTANCE = 6;

  private CourierPropertyNames() {
  }

  /** Returns every known key under {@code courier.}, services' with a {@code *} for the name. */
  public static List<String> all() {
    TreeSet<String> names = new TreeSet<>();
    try {
      ClassLoader loader = CourierPropertyNames.class.getClassLoader();
      Enumeration<URL> resources = loader.getResources(METADATA);
      while (resources.hasMoreElements()) {
        try (InputStream in = resources.nextElement().openStream()) {
          names.addAll(courierNames(new String(in.readAllBytes(), StandardCharsets.UTF_8)));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Reading " + METADATA + " failed", e);
    }
    return List.copyOf(names);
  }

  /**
   * Returns the known key nearest to {@code name}, in {@code name}'s terms (with its service
   * name), or null if none is close.
   */
  public static @Nullable String nearest(String name) {
    String service = serviceName(name);
    String template = service == null ? name
        : SERVICES + SERVICE_WILDCARD + name.substring(SERVICES.length() + service.length());
    String best = null;
    int bestDistance = Integer.MAX_VALUE;
    for (String known : all()) {
      int distance = distance(template, known);
      if (distance < bestDistance) {
        best = known;
        bestDistance = distance;
      }
    }
    if (best == null || bestDistance > MAX_DISTANCE) return null;
    if (service != null && best.startsWith(SERVICES + SERVICE_WILDCARD + ".")) {
      return SERVICES + service + best.substring(SERVICES.length() + SERVICE_WILDCARD.length());
    }
    return best;
  }

  /** Returns the service name in {@code courier.services.<name>.<key>}, or null. */
  private static @Nullable String serviceName(String name) {
    if (!name.startsWith(SERVICES)) return null;
    int end = name.indexOf('.', SERVICES.length());
    return end < 0 ? null : name.substring(SERVICES.length(), end);
  }

  @SuppressWarnings("unchecked")
  private static List<String> courierNames(String json) {
    Map<String, Object> metadata = JsonParserFactory.getJsonParser().parseMap(json);
    List<String> names = new ArrayList<>();
    Object properties = metadata.get("properties");
    if (!(properties instanceof List<?> list)) return names;
    for (Object property : list) {
      Object name = ((Map<String, Object>) property).get("name");
      if (name instanceof String s && s.startsWith("courier.")) names.add(s);
    }
    return names;
  }

  /** Levenshtein distance: the fewest single-character edits turning {@code a} into {@code b}. */
  public static int distance(String a, String b) {
    int[] previous = new int[b.length() + 1];
    int[] current = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) previous[j] = j;
    for (int i = 1; i <= a.length(); i++) {
      current[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
        current[j] = Math.min(substitution, Math.min(previous[j] + 1, current[j - 1] + 1));
      }
      int[] swap = previous;
      previous = current;
      current = swap;
    }
    return previous[b.length()];
  }
}
