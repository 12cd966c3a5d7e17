package dev.courier.autoconfigure;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The README's configuration reference, rendered from the built metadata: every key under
 * {@code courier.} with its default and description, between two HTML comments that mark it as
 * generated.
 */
final class ReadmeTable {
  static final String START = "<!-- courier-properties:start (generated from the configuration "
      + "metadata by ConfigurationMetadataTests; do not edit) -->";
  static final String END = "<!-- courier-properties:end -->";
  private static final String SERVICE = "courier.services.*.";

  private ReadmeTable() {
  }

  /** Returns the table of {@code properties}. */
  static String render(Map<String, Map<String, Object>> properties) {
    List<String> rows = new ArrayList<>();
    rows.add("| Property | Default | Description |");
    rows.add("|---|---|---|");
    properties.forEach((name, property) -> {
      if (!name.startsWith("courier.") && !name.startsWith("management.")) return;
      if (name.equals("courier.services")) return;
      if (name.startsWith(SERVICE)) {
        String key = name.substring(SERVICE.length());
        // A key the shared client has too is listed once, with the note that services inherit.
        if (properties.containsKey("courier." + key)) return;
        name = "courier.services.<name>." + key;
      }
      rows.add("| `" + name + "` | " + defaultValue(property.get("defaultValue")) + " | "
          + String.valueOf(property.get("description")).replace("|", "\\|") + " |");
    });
    rows.add("| `courier.services.<name>.<key>` | the value of `courier.<key>` | Every key of the "
        + "shared client above except `logging.*`, for one service; unset keys are inherited. |");
    return START + "\n\n" + String.join("\n", rows) + "\n\n" + END;
  }

  /** Returns {@code readme} with the generated section replaced by {@code table}. */
  static String replace(String readme, String table) {
    int start = readme.indexOf(START);
    int end = readme.indexOf(END);
    if (start < 0 || end < 0) {
      throw new IllegalStateException("README has no generated properties section ("
          + START + " ... " + END + ")");
    }
    return readme.substring(0, start) + table + readme.substring(end + END.length());
  }

  private static String defaultValue(Object value) {
    if (value == null) return "";
    if (value instanceof List<?> list) {
      return "`" + String.join(", ", list.stream().map(String::valueOf).toList()) + "`";
    }
    return "`" + value + "`";
  }
}
