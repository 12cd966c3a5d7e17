package dev.courier.testing;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Turns off some of {@link CourierExtension}'s checks for one test (or every test of a class),
 * for a test that leaks on purpose, such as one that shows the pool reporting a leaked body. The
 * reason is required and must not be blank: whoever reads the test sees why the check is off.
 *
 * <pre>{@code
 * @Test
 * @AllowLeak(value = Leak.RESPONSE_BODY, because = "the test leaks a body to see it reported")
 * void leakedResponseBodyIsReported() { ... }
 * }</pre>
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.METHOD, ElementType.TYPE})
public @interface AllowLeak {
  /** The checks to skip. */
  Leak[] value();

  /** Why the test leaks: shown to whoever reads it. */
  String because();
}
