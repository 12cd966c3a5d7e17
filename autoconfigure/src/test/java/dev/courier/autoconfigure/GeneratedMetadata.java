package dev.courier.autoconfigure;

import java.io.IOException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

import javax.tools.JavaCompiler;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;

import com.sun.source.doctree.DocCommentTree;
import com.sun.source.tree.ClassTree;
import com.sun.source.tree.CompilationUnitTree;
import com.sun.source.tree.VariableTree;
import com.sun.source.util.DocTrees;
import com.sun.source.util.JavacTask;
import com.sun.source.util.TreePath;
import com.sun.source.util.TreePathScanner;
import org.springframework.util.unit.DataSize;

/**
 * Generates what the configuration processor cannot: the metadata of the keys of
 * {@code courier.services.<name>}, which it does not follow into map values, written as
 * {@code courier.services.*.<key>}, and the defaults of {@code courier.*}, which
 * {@link CourierProperties} sets in its constructor. Descriptions come from the properties
 * classes' field Javadoc, read from their sources as the processor reads them, so the settings are
 * documented once; defaults come from new instances of the classes.
 */
final class GeneratedMetadata {
  private static final Path SOURCES = Path.of("src/main/java/dev/courier/autoconfigure");
  private static final List<String> SOURCE_FILES = List.of("ClientProperties.java",
      "CourierProperties.java", "CourierServiceProperties.java", "ResilienceProperties.java",
      "InstancesProperties.java");
  private static final Pattern INLINE_TAG = Pattern.compile("\\{@(?:code|link) ([^}]*)}");

  private final Map<String, String> javadoc;

  private GeneratedMetadata(Map<String, String> javadoc) {
    this.javadoc = javadoc;
  }

  /** Reads the field Javadoc of the properties classes from their sources. */
  static GeneratedMetadata read() throws IOException {
    JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
    Map<String, String> javadoc = new HashMap<>();
    try (StandardJavaFileManager files =
        compiler.getStandardFileManager(null, Locale.ROOT, StandardCharsets.UTF_8)) {
      List<Path> paths = SOURCE_FILES.stream().map(SOURCES::resolve).toList();
      JavacTask task = (JavacTask) compiler.getTask(null, files, null, List.of("-proc:none"),
          null, files.getJavaFileObjectsFromPaths(paths));
      DocTrees docTrees = DocTrees.instance(task);
      for (CompilationUnitTree unit : task.parse()) {
        new TreePathScanner<Void, String>() {
          @Override
          public Void visitClass(ClassTree tree, String outer) {
            String name = outer == null
                ? unit.getPackageName() + "." + tree.getSimpleName()
                : outer + "$" + tree.getSimpleName();
            // Scanning a nested class resets the scanner's path, so keep this class's.
            TreePath current = getCurrentPath();
            for (var member : tree.getMembers()) {
              TreePath path = new TreePath(current, member);
              if (member instanceof VariableTree field) {
                DocCommentTree doc = docTrees.getDocCommentTree(path);
                if (doc != null) javadoc.put(name + "#" + field.getName(), text(doc));
              } else if (member instanceof ClassTree nested) {
                scan(path, name);
              }
            }
            return null;
          }
        }.scan(new TreePath(unit), null);
      }
    }
    return new GeneratedMetadata(javadoc);
  }

  private static String text(DocCommentTree doc) {
    StringBuilder text = new StringBuilder();
    doc.getFullBody().forEach(part -> text.append(part));
    return INLINE_TAG.matcher(text.toString().replaceAll("\\s+", " ").trim()).replaceAll("$1");
  }

  /** Returns the JSON of {@code additional-spring-configuration-metadata.json}. */
  String json() {
    List<Map<String, Object>> properties = new ArrayList<>();
    Map<String, Object> rootDefaults = new LinkedHashMap<>();
    for (Entry entry : entries("courier.", CourierProperties.class, new CourierProperties())) {
      if (entry.defaultValue() == null) continue;
      rootDefaults.put(entry.name(), entry.defaultValue());
      properties.add(entry.asMap(false));
    }
    for (Entry entry : entries("courier.services.*.", CourierServiceProperties.class,
        new CourierServiceProperties())) {
      Object inherited = rootDefaults.get("courier." + entry.name().substring(
          "courier.services.*.".length()));
      properties.add(entry.withDefault(inherited != null ? inherited : entry.defaultValue())
          .asMap(true));
    }
    Map<String, Object> health = new LinkedHashMap<>();
    health.put("name", "management.health.courier.enabled");
    health.put("type", "java.lang.Boolean");
    health.put("description", "Whether to enable the Courier health contributor, which is DOWN "
        + "only when Courier itself cannot work (a dispatcher shut down, a cache directory that "
        + "exists but cannot be written).");
    health.put("defaultValue", true);
    properties.add(health);
    return "{\n  \"properties\": [\n" + String.join(",\n",
        properties.stream().map(GeneratedMetadata::toJson).toList()) + "\n  ]\n}\n";
  }

  private List<Entry> entries(String prefix, Class<?> type, Object instance) {
    List<Entry> result = new ArrayList<>();
    for (Method getter : getters(type)) {
      String property = property(getter);
      String name = prefix + kebab(property);
      Object value = invoke(getter, instance);
      Type propertyType = getter.getGenericReturnType();
      if (getter.getName().equals("getServices")) continue;
      if (nested(getter.getReturnType())) {
        result.addAll(entries(name + ".", getter.getReturnType(), value));
        continue;
      }
      String description = javadoc.get(declaring(getter, property) + "#" + property);
      if (description == null) {
        throw new IllegalStateException("No Javadoc on the field of " + name);
      }
      result.add(new Entry(name, typeName(propertyType), declaring(getter, property),
          description, defaultValue(value)));
    }
    return result;
  }

  private static List<Method> getters(Class<?> type) {
    List<Method> getters = new ArrayList<>();
    for (Method method : type.getMethods()) {
      if (Modifier.isStatic(method.getModifiers()) || method.getParameterCount() != 0) continue;
      if (method.getDeclaringClass() == Object.class) continue;
      String name = method.getName();
      if (!(name.startsWith("get") || name.startsWith("is"))) continue;
      boolean hasSetter = hasSetter(type, method);
      if (hasSetter || nested(method.getReturnType())
          || Collection.class.isAssignableFrom(method.getReturnType())
          || Map.class.isAssignableFrom(method.getReturnType())) {
        getters.add(method);
      }
    }
    getters.sort((a, b) -> declarationOrder(type, a) - declarationOrder(type, b));
    return getters;
  }

  /** Orders properties as their fields are declared, superclass first, as the README reads. */
  private static int declarationOrder(Class<?> type, Method getter) {
    String field = property(getter);
    int offset = 0;
    List<Class<?>> hierarchy = new ArrayList<>();
    for (Class<?> c = type; c != Object.class; c = c.getSuperclass()) hierarchy.add(0, c);
    for (Class<?> c : hierarchy) {
      var fields = c.getDeclaredFields();
      for (int i = 0; i < fields.length; i++) {
        if (fields[i].getName().equals(field)) return offset + i;
      }
      offset += fields.length;
    }
    return Integer.MAX_VALUE;
  }

  private static boolean hasSetter(Class<?> type, Method getter) {
    String setter = "set" + Character.toUpperCase(property(getter).charAt(0))
        + property(getter).substring(1);
    for (Method method : type.getMethods()) {
      if (method.getName().equals(setter) && method.getParameterCount() == 1) return true;
    }
    return false;
  }

  private static boolean nested(Class<?> type) {
    return type.getName().startsWith("dev.courier.autoconfigure.") && !type.isEnum();
  }

  private static String property(Method getter) {
    String name = getter.getName();
    String bare = name.startsWith("is") ? name.substring(2) : name.substring(3);
    return Character.toLowerCase(bare.charAt(0)) + bare.substring(1);
  }

  private static String declaring(Method getter, String property) {
    for (Class<?> c = getter.getDeclaringClass(); c != null; c = c.getSuperclass()) {
      try {
        c.getDeclaredField(property);
        return c.getName();
      } catch (NoSuchFieldException e) {
        // Declared further up.
      }
    }
    return getter.getDeclaringClass().getName();
  }

  private static String kebab(String camel) {
    return camel.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase(Locale.ROOT);
  }

  private static Object invoke(Method getter, Object instance) {
    try {
      return instance == null ? null : getter.invoke(instance);
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String typeName(Type type) {
    if (type instanceof ParameterizedType parameterized) {
      List<String> arguments = new ArrayList<>();
      for (Type argument : parameterized.getActualTypeArguments()) arguments.add(typeName(argument));
      return typeName(parameterized.getRawType()) + "<" + String.join(",", arguments) + ">";
    }
    if (type instanceof Class<?> c) {
      if (c.isPrimitive()) {
        return switch (c.getName()) {
          case "int" -> "java.lang.Integer";
          case "double" -> "java.lang.Double";
          case "boolean" -> "java.lang.Boolean";
          default -> c.getName();
        };
      }
      return c.getName();
    }
    return type.getTypeName();
  }

  private static Object defaultValue(Object value) {
    if (value == null) return null;
    if (value instanceof Duration duration) return duration(duration);
    if (value instanceof DataSize size) return size(size);
    if (value instanceof Enum<?> e) return e.name().toLowerCase(Locale.ROOT).replace('_', '-');
    if (value instanceof Collection<?> collection) {
      if (collection.isEmpty()) return null;
      return collection.stream().map(String::valueOf).toList();
    }
    if (value instanceof Map<?, ?>) return null;
    return value;
  }

  private static String duration(Duration duration) {
    if (duration.isZero()) return "0s";
    if (duration.toMillisPart() != 0) return duration.toMillis() + "ms";
    long seconds = duration.toSeconds();
    return seconds % 60 == 0 ? seconds / 60 + "m" : seconds + "s";
  }

  private static String size(DataSize size) {
    long bytes = size.toBytes();
    if (bytes % (1024 * 1024) == 0) return (bytes / (1024 * 1024)) + "MB";
    if (bytes % 1024 == 0) return (bytes / 1024) + "KB";
    return bytes + "B";
  }

  private static String toJson(Map<String, Object> map) {
    List<String> fields = new ArrayList<>();
    map.forEach((key, value) -> fields.add("\"" + key + "\": " + jsonValue(value)));
    return "    {\n      " + String.join(",\n      ", fields) + "\n    }";
  }

  private static String jsonValue(Object value) {
    if (value instanceof String s) {
      return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }
    if (value instanceof List<?> list) {
      return "[" + String.join(", ", list.stream().map(GeneratedMetadata::jsonValue).toList())
          + "]";
    }
    return String.valueOf(value);
  }

  /** One property's metadata. */
  record Entry(String name, String type, String sourceType, String description,
      Object defaultValue) {

    Entry withDefault(Object value) {
      return new Entry(name, type, sourceType, description, value);
    }

    Map<String, Object> asMap(boolean full) {
      Map<String, Object> map = new LinkedHashMap<>();
      map.put("name", name);
      if (full) {
        map.put("type", type);
        map.put("sourceType", sourceType);
        map.put("description", description);
      }
      if (defaultValue != null) map.put("defaultValue", defaultValue);
      return map;
    }
  }
}
