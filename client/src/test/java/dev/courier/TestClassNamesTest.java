package dev.courier;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaMethod;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import org.junit.jupiter.api.Test;
import org.junit.platform.commons.annotation.Testable;

/**
 * Every class that holds tests is named {@code <Feature>Test}: the project's one convention for
 * the engine's tests, and a name Surefire runs. A class named otherwise ({@code FooIT},
 * {@code FooSpec}) would never run in the build; {@code FooTests} is kept for the starter's
 * auto-configuration tests.
 */
class TestClassNamesTest {
  private static final DescribedPredicate<JavaClass> DECLARE_TESTS = DescribedPredicate.describe(
      "declare tests", javaClass -> javaClass.getMethods().stream()
          .anyMatch(TestClassNamesTest::isTest));

  private static final ArchRule NAMED_FEATURE_TEST = classes().that(DECLARE_TESTS)
      .and().doNotHaveFullyQualifiedName(MisnamedTests.class.getName())
      .should().haveSimpleNameEndingWith("Test")
      .because("engine tests are named <Feature>Test, which is also what Surefire runs");

  @Test
  void everyClassWithTestsIsNamedFeatureTest() {
    JavaClasses tests = new ClassFileImporter()
        .withImportOption(ImportOption.Predefined.ONLY_INCLUDE_TESTS)
        .importPackages("dev.courier");
    NAMED_FEATURE_TEST.check(tests);
  }

  @Test
  void aMisnamedTestClassBreaksTheRule() {
    ArchRule withoutExemption = classes().that(DECLARE_TESTS)
        .should().haveSimpleNameEndingWith("Test");
    assertThatThrownBy(() -> withoutExemption.check(
        new ClassFileImporter().importClasses(MisnamedTests.class)))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining(MisnamedTests.class.getName());
  }

  private static boolean isTest(JavaMethod method) {
    // @Test, @ParameterizedTest, @FuzzTest and the like are all marked @Testable.
    return method.isAnnotatedWith(Testable.class) || method.isMetaAnnotatedWith(Testable.class);
  }

  /** Misnamed on purpose, for the rule to catch; Surefire never runs nested classes. */
  static final class MisnamedTests {
    @Test
    void aTest() {
    }
  }
}
