package dev.courier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.lang.reflect.Constructor;
import java.lang.reflect.Executable;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Parameter;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.ProxySelector;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import javax.net.SocketFactory;
import javax.net.ssl.SSLSocketFactory;

import dev.courier.logging.LoggingInterceptor;
import org.jspecify.annotations.NullMarked;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Null in the public API: {@code dev.courier} and {@code dev.courier.logging} are
 * {@code @NullMarked}, so only what is annotated {@code @Nullable} accepts or returns null, and
 * null is refused the same way everywhere (CONTRIBUTING.md, "Null checks: one idiom"): every
 * public constructor, static factory and builder method, given null for a parameter not annotated
 * {@code @Nullable}, throws an {@link IllegalArgumentException} saying
 * {@code "<parameter> == null"} before anything else.
 *
 * <p>The entry points are found by reflection, so a new one is covered as soon as it is written.
 */
class NullnessTest {
  /**
   * Messages that name the value as the caller knows it rather than by the parameter's name,
   * keyed by {@code Type.member(parameter)}. Each is pinned by a test of its own type.
   */
  private static final Map<String, String> MESSAGES = Map.ofEntries(
      Map.entry("Headers.Builder.add(name)", "header name == null"),
      Map.entry("Headers.Builder.add(value)", "header value == null for a"),
      Map.entry("Headers.Builder.set(name)", "header name == null"),
      Map.entry("Headers.Builder.set(value)", "header value == null for a"),
      Map.entry("Request.Builder.header(name)", "header name == null"),
      Map.entry("Request.Builder.header(value)", "header value == null for a"),
      Map.entry("Request.Builder.addHeader(name)", "header name == null"),
      Map.entry("Request.Builder.addHeader(value)", "header value == null for a"),
      Map.entry("Response.Builder.header(name)", "header name == null"),
      Map.entry("Response.Builder.header(value)", "header value == null for a"),
      Map.entry("Response.Builder.addHeader(name)", "header name == null"),
      Map.entry("Response.Builder.addHeader(value)", "header value == null for a"),
      Map.entry("CacheControl.Builder.maxAge(maxAge)", "max-age == null"),
      Map.entry("CacheControl.Builder.maxStale(maxStale)", "max-stale == null"),
      Map.entry("CacheControl.Builder.minFresh(minFresh)", "min-fresh == null"),
      Map.entry("MediaType.get(string)", "mediaType == null"),
      Map.entry("MediaType.parse(string)", "mediaType == null"),
      Map.entry("HttpUrl.get(uri)", "uri == null"),
      Map.entry("HttpUrl.Builder.addPathSegment(pathSegment)", "pathSegment == null"),
      Map.entry("HttpUrl.Builder.addEncodedPathSegment(encodedPathSegment)",
          "pathSegment == null"),
      Map.entry("HttpUrl.Builder.addEncodedPathSegments(encodedPathSegments)",
          "pathSegments == null"),
      Map.entry("HttpUrl.Builder.setPathSegment(pathSegment)", "pathSegment == null"),
      Map.entry("HttpUrl.Builder.setEncodedPathSegment(encodedPathSegment)",
          "pathSegment == null"),
      Map.entry("HttpUrl.Builder.encodedUsername(encodedUsername)", "username == null"),
      Map.entry("HttpUrl.Builder.encodedPassword(encodedPassword)", "password == null"),
      Map.entry("HttpUrl.Builder.addQueryParameter(name)", "query parameter name == null"),
      Map.entry("HttpUrl.Builder.addEncodedQueryParameter(encodedName)",
          "query parameter name == null"),
      Map.entry("HttpUrl.Builder.setQueryParameter(name)", "query parameter name == null"),
      Map.entry("HttpUrl.Builder.setEncodedQueryParameter(encodedName)",
          "query parameter name == null"),
      Map.entry("HttpUrl.Builder.removeAllQueryParameters(name)",
          "query parameter name == null"),
      Map.entry("HttpUrl.Builder.removeAllEncodedQueryParameters(encodedName)",
          "query parameter name == null"),
      Map.entry("CourierClient.Builder.connectTimeout(duration)", "connectTimeout == null"),
      Map.entry("CourierClient.Builder.connectTimeout(unit)", "connectTimeout unit == null"),
      Map.entry("CourierClient.Builder.readTimeout(duration)", "readTimeout == null"),
      Map.entry("CourierClient.Builder.readTimeout(unit)", "readTimeout unit == null"),
      Map.entry("CourierClient.Builder.writeTimeout(duration)", "writeTimeout == null"),
      Map.entry("CourierClient.Builder.writeTimeout(unit)", "writeTimeout unit == null"),
      Map.entry("CourierClient.Builder.callTimeout(duration)", "callTimeout == null"),
      Map.entry("CourierClient.Builder.callTimeout(unit)", "callTimeout unit == null"),
      Map.entry("CourierClient.Builder.addInterceptor(interceptor)", "interceptor == null"),
      Map.entry("LoggingInterceptor.Builder.redactHeader(name)", "header name == null"),
      Map.entry("LoggingInterceptor.Builder.redactQueryParameter(name)",
          "query parameter name == null"));

  /** Values for the parameters before the null one, which must pass their own null check. */
  private static final Map<Class<?>, Object> SAMPLES = Map.ofEntries(
      Map.entry(String.class, "a"),
      Map.entry(int.class, 1),
      Map.entry(long.class, 1L),
      Map.entry(boolean.class, true),
      Map.entry(Dns.class, Dns.SYSTEM),
      Map.entry(SocketFactory.class, SocketFactory.getDefault()),
      Map.entry(SSLSocketFactory.class, SSLSocketFactory.getDefault()),
      Map.entry(CertificatePinner.class, CertificatePinner.DEFAULT),
      Map.entry(Authenticator.class, Authenticator.NONE),
      Map.entry(ProxySelector.class, ProxySelector.of(null)),
      Map.entry(Proxy.class, Proxy.NO_PROXY),
      Map.entry(List.class, List.of()),
      Map.entry(Map.class, Map.of()),
      Map.entry(Route.class, new Route(new Address("a", 80, Dns.SYSTEM,
          SocketFactory.getDefault(), null, null, Authenticator.NONE, null,
          ProxySelector.of(null), List.of(Protocol.HTTP_1_1)), Proxy.NO_PROXY,
          InetSocketAddress.createUnresolved("a", 80))),
      Map.entry(Duration.class, Duration.ofSeconds(1)),
      Map.entry(InstanceSnapshot.State.class, InstanceSnapshot.State.HEALTHY),
      Map.entry(Protocol.class, Protocol.HTTP_1_1),
      Map.entry(TlsVersion.class, TlsVersion.TLS_1_3),
      Map.entry(InetSocketAddress.class, InetSocketAddress.createUnresolved("a", 80)),
      Map.entry(HttpUrl.class, HttpUrl.get("http://a/")),
      Map.entry(Class.class, Object.class),
      Map.entry(Path.class, Path.of("a")),
      Map.entry(Address.class, new Address("a", 80, Dns.SYSTEM, SocketFactory.getDefault(),
          null, null, Authenticator.NONE, null, ProxySelector.of(null),
          List.of(Protocol.HTTP_1_1))));

  @TestFactory
  Stream<DynamicTest> everyEntryPointRefusesNullWithTheOneIdiom() {
    List<DynamicTest> tests = new ArrayList<>();
    for (Executable entryPoint : entryPoints()) {
      Parameter[] parameters = entryPoint.getParameters();
      for (int i = 0; i < parameters.length; i++) {
        if (acceptsNull(parameters[i])) continue;
        String key = describe(entryPoint) + "(" + parameters[i].getName() + ")";
        int nullIndex = i;
        if (parameters[i].isNamePresent()) {
          String expected = MESSAGES.getOrDefault(key, parameters[i].getName() + " == null");
          tests.add(DynamicTest.dynamicTest(key, () -> assertThatThrownBy(
              () -> invokeWithNullAt(entryPoint, nullIndex))
              .isExactlyInstanceOf(IllegalArgumentException.class)
              .hasMessage(expected)));
        } else {
          // The names are compiled in (-parameters), but a class that a Java agent retransformed
          // (Jazzer's, once ParserFuzzTest ran in the same JVM) has lost them: check the form.
          tests.add(DynamicTest.dynamicTest(key, () -> assertThatThrownBy(
              () -> invokeWithNullAt(entryPoint, nullIndex))
              .isExactlyInstanceOf(IllegalArgumentException.class)
              .hasMessageContaining(" == null")));
        }
      }
    }
    return tests.stream();
  }

  @Test
  void publicPackagesAreNullMarked() {
    assertThat(CourierClient.class.getPackage().isAnnotationPresent(NullMarked.class)).isTrue();
    assertThat(LoggingInterceptor.class.getPackage().isAnnotationPresent(NullMarked.class))
        .isTrue();
  }

  /** Guards the guard: the reflection above must find the entry points it is meant to. */
  @Test
  void entryPointsIncludeConstructorsFactoriesAndBuilderMethods() {
    List<String> names = entryPoints().stream().map(NullnessTest::describe).toList();
    assertThat(names).contains("Address.Address", "HttpUrl.get", "RequestBody.create",
        "CourierClient.Builder.dns", "HttpUrl.Builder.host", "LoggingInterceptor.Builder.logger");
    assertThat(names).doesNotContain("Request.header", "Headers.get");
  }

  private static boolean acceptsNull(Parameter parameter) {
    return parameter.getType().isPrimitive()
        || parameter.getAnnotatedType().isAnnotationPresent(Nullable.class);
  }

  /**
   * Public constructors of public concrete types, their public static methods that return a
   * Courier type (factories), and public methods of builders that return the builder.
   */
  private static List<Executable> entryPoints() {
    List<Executable> result = new ArrayList<>();
    for (Class<?> type : apiClasses()) {
      if (!isPublicApi(type) || type.isEnum() || type.isInterface()) continue;
      if (!Modifier.isAbstract(type.getModifiers())) {
        for (Constructor<?> constructor : type.getConstructors()) result.add(constructor);
      }
      for (Method method : type.getDeclaredMethods()) {
        if (!Modifier.isPublic(method.getModifiers()) || method.isSynthetic()) continue;
        boolean factory = Modifier.isStatic(method.getModifiers())
            && method.getReturnType().getName().startsWith("dev.courier.");
        boolean builderMethod = !Modifier.isStatic(method.getModifiers())
            && type.getSimpleName().equals("Builder") && method.getReturnType() == type;
        if (factory || builderMethod) result.add(method);
      }
    }
    result.sort(Comparator.comparing(NullnessTest::describe)
        .thenComparing(e -> Arrays.toString(e.getParameterTypes())));
    return result;
  }

  /** Returns every class compiled into {@code dev.courier} and {@code dev.courier.logging}. */
  private static List<Class<?>> apiClasses() {
    List<Class<?>> result = new ArrayList<>();
    try {
      Path classes = Path.of(CourierClient.class.getProtectionDomain().getCodeSource()
          .getLocation().toURI());
      for (String packageName : List.of("dev.courier", "dev.courier.logging")) {
        try (Stream<Path> files = Files.list(classes.resolve(packageName.replace('.', '/')))) {
          for (Path file : files.sorted().toList()) {
            String name = file.getFileName().toString();
            if (!name.endsWith(".class") || name.equals("package-info.class")) continue;
            result.add(Class.forName(packageName + "." + name.substring(0, name.length() - 6)));
          }
        }
      }
    } catch (IOException | URISyntaxException | ClassNotFoundException e) {
      throw new AssertionError(e);
    }
    return result;
  }

  private static boolean isPublicApi(Class<?> type) {
    for (Class<?> c = type; c != null; c = c.getEnclosingClass()) {
      if (!Modifier.isPublic(c.getModifiers()) || c.isAnonymousClass()) return false;
    }
    return true;
  }

  private static void invokeWithNullAt(Executable entryPoint, int nullIndex) throws Throwable {
    Object[] arguments = new Object[entryPoint.getParameterCount()];
    Class<?>[] types = entryPoint.getParameterTypes();
    Parameter[] parameters = entryPoint.getParameters();
    for (int i = 0; i < nullIndex; i++) {
      if (!acceptsNull(parameters[i]) || types[i].isPrimitive()) arguments[i] = sample(types[i]);
    }
    // Parameters after the null one stay null too: the check must come first, in order.
    for (int i = nullIndex + 1; i < arguments.length; i++) {
      if (types[i].isPrimitive()) arguments[i] = sample(types[i]);
    }
    try {
      if (entryPoint instanceof Constructor<?> constructor) {
        constructor.newInstance(arguments);
      } else {
        Method method = (Method) entryPoint;
        Object target = Modifier.isStatic(method.getModifiers())
            ? null : newBuilder(method.getDeclaringClass());
        method.invoke(target, arguments);
      }
    } catch (InvocationTargetException e) {
      throw e.getCause();
    }
  }

  private static Object sample(Class<?> type) {
    Object sample = SAMPLES.get(type);
    if (sample == null) throw new AssertionError("no sample value for " + type.getName());
    return sample;
  }

  private static Object newBuilder(Class<?> builderType) throws ReflectiveOperationException {
    if (builderType == ConnectionSpec.Builder.class) return new ConnectionSpec.Builder(true);
    if (builderType == ServiceInstances.Builder.class) return new ServiceInstances.Builder("a");
    return builderType.getConstructor().newInstance();
  }

  /** Returns {@code Type.member}, with nested types as {@code Outer.Inner}. */
  private static String describe(Executable executable) {
    Class<?> type = executable.getDeclaringClass();
    String typeName = type.getEnclosingClass() != null
        ? type.getEnclosingClass().getSimpleName() + "." + type.getSimpleName()
        : type.getSimpleName();
    String member = executable instanceof Constructor<?> ? type.getSimpleName()
        : executable.getName();
    return typeName + "." + member;
  }
}
